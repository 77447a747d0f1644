// Reading a widget lesson's own link parameters (e.g. `scale=100&lr=9e-5`): each key on its
// own, checked against its range, falling back to the lesson's setup with a plain-text issue.
// Values leave only as typed numbers, booleans and known strings.

const MAX_QUOTED = 20;

function quote(raw: string): string {
  return `"${raw.length > MAX_QUOTED ? `${raw.slice(0, MAX_QUOTED)}…` : raw}"`;
}

/** A number in [min, max] (integers only if asked), or the fallback plus an issue. */
export function readNumber(
  params: URLSearchParams,
  key: string,
  limits: { min: number; max: number; integer?: boolean },
  fallback: number,
  issues: string[],
): number {
  const raw = params.get(key);
  if (raw === null) return fallback;
  const text = raw.trim();
  const value = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    issues.push(`${key} ${quote(raw)} is not a number; using ${fallback}`);
    return fallback;
  }
  if (limits.integer && !Number.isInteger(value)) {
    issues.push(`${key} must be a whole number; using ${fallback}`);
    return fallback;
  }
  if (value < limits.min || value > limits.max) {
    issues.push(`${key} must be between ${limits.min} and ${limits.max}; using ${fallback}`);
    return fallback;
  }
  return value;
}

/** One of `allowed`, or the fallback plus an issue. */
export function readChoice<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly T[],
  fallback: T,
  issues: string[],
): T {
  const raw = params.get(key);
  if (raw === null) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  issues.push(`${key} ${quote(raw)} is not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}

/** `1`/`0` (also `true`/`false`), or the fallback plus an issue. */
export function readFlag(params: URLSearchParams, key: string, fallback: boolean, issues: string[]): boolean {
  const raw = params.get(key);
  if (raw === null) return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  issues.push(`${key} ${quote(raw)} should be 1 or 0; using ${fallback ? 1 : 0}`);
  return fallback;
}

/** Whether the link names any of these keys (else the widget opens with the lesson's setup). */
export function hasAny(params: URLSearchParams, keys: readonly string[]): boolean {
  return keys.some((k) => params.has(k));
}
