import { canActAs, StaffClaims } from '@citizen-desk/auth';
import { ForbiddenException } from '@nestjs/common';
import type { FigureResult, Row } from '../queries/figures.service';

type Staff = Pick<StaffClaims, 'roles' | 'departments'>;

/**
 * The departments whose figures a staff member may read: an admin every one (null: no filter), anyone
 * else only their own. Asking for another department is refused rather than silently emptied.
 */
export function departmentsInScope(staff: Staff, requested?: string): string[] | null {
  const admin = staff.roles.includes('admin');
  if (requested) {
    if (!admin && !staff.departments.includes(requested))
      throw new ForbiddenException(`not a member of ${requested}`);
    return [requested];
  }
  return admin ? null : [...new Set(staff.departments)];
}

/**
 * One figure over several departments: each department's figure, rows together. `merge` combines
 * what the figure adds beside its rows.
 */
export async function figureForDepartments(
  departments: string[] | null,
  figure: (department?: string) => Promise<FigureResult>,
  merge: (parts: FigureResult[]) => Record<string, unknown> = () => ({}),
): Promise<FigureResult> {
  if (departments === null) return figure();
  if (departments.length === 1) return figure(departments[0]);
  const parts = await Promise.all(
    departments.length ? departments.map((d) => figure(d)) : [figure('\u0000no department')],
  );
  const rows = parts.flatMap((p) => p.rows).sort(byTimeThenDepartment);
  return { ...parts[0]!, ...merge(parts), rows, department: null, departments };
}

function byTimeThenDepartment(a: Row, b: Row): number {
  const time = (r: Row) => String(r['start'] ?? r['startedAt'] ?? '');
  return (
    time(a).localeCompare(time(b)) ||
    String(a['department'] ?? '').localeCompare(String(b['department'] ?? '')) ||
    String(a['operator'] ?? '').localeCompare(String(b['operator'] ?? ''))
  );
}

/** Rows per category with counts: the same category from several departments summed. */
export function sumByCategory(rows: Row[]): Row[] {
  const byCategory = new Map<string, Row>();
  for (const row of rows) {
    const category = String(row['category']);
    const sum = byCategory.get(category);
    if (!sum) byCategory.set(category, { ...row });
    else
      for (const [k, v] of Object.entries(row)) if (typeof v === 'number') sum[k] = (Number(sum[k]) || 0) + v;
  }
  return [...byCategory.values()].sort((a, b) => String(a['category']).localeCompare(String(b['category'])));
}

/** Which handoff rows name an operator: those of departments where the staff member is a supervisor (or an admin). */
const AVERAGES: Array<[average: string, count: string]> = [
  ['averageWaitSeconds', 'assigned'],
  ['averageFirstReplySeconds', 'firstReplies'],
  ['averageHandlingSeconds', 'handled'],
  ['averageRating', 'ratings'],
];

/**
 * Per-operator figures only to supervisors of the department (and admins): for anyone else each
 * department's rows are folded into one per bucket, without operators, averages weighted by their counts.
 */
export function withoutOperatorsUnlessSupervisor(staff: Staff, result: FigureResult): FigureResult {
  const folded = new Map<string, Row>();
  const rows: Row[] = [];
  for (const row of result.rows) {
    const department = String(row['department'] ?? '');
    if (canActAs(staff, department, 'supervisor')) {
      rows.push(row);
      continue;
    }
    const key = `${String(row['start'])}\u0000${department}`;
    let into = folded.get(key);
    if (!into) {
      into = { ...row, operator: null, operatorName: null };
      for (const [avg, count] of AVERAGES) into[avg] = weighted(row, avg, count);
      folded.set(key, into);
      rows.push(into);
      continue;
    }
    for (const [k, v] of Object.entries(row))
      if (typeof v === 'number' && !AVERAGES.some(([avg]) => avg === k)) into[k] = (Number(into[k]) || 0) + v;
    for (const [avg, count] of AVERAGES) into[avg] = (Number(into[avg]) || 0) + weighted(row, avg, count);
  }
  for (const row of folded.values())
    for (const [avg, count] of AVERAGES) {
      const n = Number(row[count]) || 0;
      row[avg] = n ? Math.round((Number(row[avg]) / n) * 100) / 100 : null;
    }
  return { ...result, rows };
}

/** An average times its count: the sum it came from (an average of nothing adds nothing). */
function weighted(row: Row, average: string, count: string): number {
  const a = row[average];
  return typeof a === 'number' ? a * (Number(row[count]) || 0) : 0;
}
