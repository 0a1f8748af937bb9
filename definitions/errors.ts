/**
 * Template errors are values, never exceptions: every problem a designer can fix is one of these, with the
 * place in the file and a message that says what was expected.
 */
export interface TemplateError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/** `file:line:col: message`, the format editors and CI logs turn into links. */
export function formatTemplateError(error: TemplateError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}

/** In file order, each distinct error once. */
export function sortTemplateErrors(errors: TemplateError[]): TemplateError[] {
  const seen = new Set<string>();
  return [...errors]
    .sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message))
    .filter((error) => {
      const key = formatTemplateError(error);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
