import { Injectable } from '@nestjs/common';
import { ReportCategory } from '../../report-categories';
import { ReportsRepository } from '../../reports.repository';
import { SaveReportCategoryCommand } from './save-report-category.command';

/** Creates or changes a category; new reports are routed by it at once. */
@Injectable()
export class SaveReportCategory {
  constructor(private readonly repo: ReportsRepository) {}

  async execute({ category }: SaveReportCategoryCommand): Promise<ReportCategory> {
    await this.repo.saveCategory(category);
    return category;
  }
}
