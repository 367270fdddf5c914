/**
 * Knows every secret value the process holds (admin key, API keys shown once, session tokens, worker
 * tokens) and replaces any occurrence in a finished log line. Header-name redaction in pino catches the
 * usual places; this catches the unusual ones (an error message that quotes a URL with a key in it).
 */
export class SecretRedactor {
  private readonly values = new Set<string>();
  private readonly shapes: RegExp[] = [];
  private pattern: RegExp | null = null;

  register(...secrets: (string | null | undefined)[]): void {
    for (const secret of secrets) {
      if (secret && secret.length >= 8 && !this.values.has(secret)) {
        this.values.add(secret);
        this.pattern = null;
      }
    }
  }

  /**
   * Redacts every value of a recognisable shape (e.g. `ggs_<43 chars>` session tokens), including values
   * this process never issued: bounded memory however many sessions exist (specs/security.md).
   */
  registerShape(shape: RegExp): void {
    if (this.shapes.some((known) => known.source === shape.source)) return;
    this.shapes.push(new RegExp(shape.source, 'g'));
  }

  redact(text: string): string {
    let out = text;
    for (const shape of this.shapes) out = out.replace(shape, '[REDACTED]');
    if (this.values.size === 0) return out;
    this.pattern ??= new RegExp([...this.values].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
    return out.replace(this.pattern, '[REDACTED]');
  }
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redactor shared by the logger and the places that learn secrets at run time. */
export const secretRedactor = new SecretRedactor();
