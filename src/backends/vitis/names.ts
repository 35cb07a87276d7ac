// C identifiers for the generated project: readable names derived from the model's own names
// ('/fc1/Gemm_output_0' → 'fc1_Gemm_output_0'), valid in C++ (no keywords, no reserved forms such
// as a leading underscore or a double underscore), and unique within the project.

const CPP_KEYWORDS = new Set(
  (
    'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char16_t char32_t class compl ' +
    'const constexpr const_cast continue decltype default delete do double dynamic_cast else enum explicit ' +
    'export extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq ' +
    'nullptr operator or or_eq private protected public register reinterpret_cast return short signed sizeof ' +
    'static static_assert static_cast struct switch template this thread_local throw true try typedef typeid ' +
    'typename union unsigned using virtual void volatile wchar_t while xor xor_eq ' +
    // names the generated code or the C library uses at global scope
    'main std hls fhls ap_int ap_uint ap_fixed ap_ufixed size_t NULL assert exit abs min max'
  ).split(' '),
);

/**
 * A valid C identifier close to `raw`: runs of other characters become one '_', leading and
 * trailing '_' are dropped, a leading digit gets the fallback as prefix, and C++ keywords or names
 * that look like the libraries' own (ap_…, hls_…, fhls_…) get a trailing '_v'.
 */
export function sanitize(raw: string, fallback = 'v'): string {
  let s = raw.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') s = fallback;
  if (/^[0-9]/.test(s)) s = `${fallback}${s}`;
  if (CPP_KEYWORDS.has(s) || /^(ap|AP|hls|HLS|fhls|FHLS)_/.test(s)) s = `${s}_v`;
  return s;
}

/** Hands out unique identifiers; a name is taken together with the derived names it implies. */
export class Namer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  /**
   * A fresh identifier from `raw`: sanitize(raw), or with `_2`, `_3`, … appended, such that it and
   * every `<id><suffix>` for the given suffixes are free. All of them are then taken.
   */
  unique(raw: string, suffixes: readonly string[] = [], fallback?: string): string {
    const base = sanitize(raw, fallback);
    for (let k = 1; ; k++) {
      const id = k === 1 ? base : `${base}_${k}`;
      const all = [id, ...suffixes.map((s) => id + s)];
      if (all.every((n) => !this.taken.has(n))) {
        for (const n of all) this.taken.add(n);
        return id;
      }
    }
  }

  /** Take an exact name (e.g. the project name); false when it was already taken. */
  take(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }
}
