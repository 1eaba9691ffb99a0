import { parse } from 'csv-parse/sync';
import { RawOrganisationRow } from './organisation-rules';

/** Column names an import file may use, in English (the API's) or Chinese. */
const COLUMNS: Record<string, keyof RawOrganisationRow> = {
  name: 'name',
  名称: 'name',
  党组织名称: 'name',
  code: 'code',
  代码: 'code',
  kind: 'kind',
  类别: 'kind',
  regionNodeId: 'regionNodeId',
  所在地区节点: 'regionNodeId',
  cadreLevel: 'cadreLevel',
  管理权限: 'cadreLevel',
  activeFrom: 'activeFrom',
  设立日期: 'activeFrom',
  activeTo: 'activeTo',
  撤销日期: 'activeTo',
};

export class ImportFileError extends Error {}

/**
 * The rows of an import file: CSV with a header row (UTF-8, a BOM allowed), or JSON (an array of
 * objects, or `{ "organisations": [...] }`). Unknown columns are an error, so a typo in a header is
 * not silently dropped; the rows themselves are checked by the API, one by one.
 */
export function parseOrganisationFile(text: string, format: 'csv' | 'json'): RawOrganisationRow[] {
  const records = format === 'csv' ? parseCsv(text) : parseJson(text);
  return records.map((record, index) => {
    const row: RawOrganisationRow = {};
    for (const [column, value] of Object.entries(record)) {
      const field = COLUMNS[column.trim()];
      if (!field) throw new ImportFileError(`row ${index + 1}: unknown column ${JSON.stringify(column)} (known: ${Object.keys(COLUMNS).join(', ')})`);
      if (value !== null && value !== undefined && typeof value !== 'string') throw new ImportFileError(`row ${index + 1}: ${column} must be text`);
      row[field] = value as string | null | undefined;
    }
    return row;
  });
}

function parseCsv(text: string): Array<Record<string, unknown>> {
  try {
    return parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, unknown>>;
  } catch (error) {
    throw new ImportFileError(`not a CSV file with a header row: ${(error as Error).message}`);
  }
}

function parseJson(text: string): Array<Record<string, unknown>> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(`not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { organisations?: unknown })?.organisations;
  if (!Array.isArray(list) || list.some((item) => !item || typeof item !== 'object' || Array.isArray(item))) {
    throw new ImportFileError('JSON must be an array of objects, or { "organisations": [ … ] }');
  }
  return list as Array<Record<string, unknown>>;
}
