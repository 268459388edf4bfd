/**
 * Errors carry a stable `code` so callers (CLI, tests) can branch on them without parsing messages.
 * `message` is always ONE line that names where (file, line/row) and what was expected.
 */
export type EvalgateErrorCode =
  | 'CONFIG_YAML' // YAML syntax error
  | 'CONFIG_SCHEMA' // suite does not match the schema (unknown key, wrong type, missing field)
  | 'CONFIG_REFERENCE' // suite names something that does not exist (dataset file, scorer, model, template variable)
  | 'DATASET_ROW' // one bad dataset row
  | 'DATASET_FILE' // dataset file missing or unreadable
  | 'STORE' // DuckDB problem
  | 'GATE' // the gate cannot be evaluated
  | 'TARGET' // a target could not be built
  | 'USAGE'; // bad CLI usage

export class EvalgateError extends Error {
  readonly code: EvalgateErrorCode;
  /** Where the problem is, e.g. `suites/support.yaml:12:5` or `datasets/x.csv row 7`. */
  readonly where: string | undefined;

  constructor(code: EvalgateErrorCode, message: string, where?: string) {
    const line = (where ? `${where}: ${message}` : message).replace(/\s*\n\s*/g, ' ');
    super(line);
    this.name = 'EvalgateError';
    this.code = code;
    this.where = where;
  }
}
