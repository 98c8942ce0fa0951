import { ReportCategory } from '../../report-categories';

export interface SaveReportCategoryCommand {
  category: ReportCategory;
}
