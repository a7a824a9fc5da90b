/** The one escape every dynamic value in a console page goes through: text, never markup. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template that escapes every interpolated value; `raw()` marks already-rendered fragments. */
export interface Html {
  readonly html: string;
}

export function raw(html: string): Html {
  return { html };
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts.map((part) => (isHtml(part) ? part.html : escapeHtml(part))).join('') + (strings[i + 1] ?? '');
  });
  return { html: out };
}

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && typeof (value as Html).html === 'string';
}
