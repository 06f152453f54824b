/**
 * XML 1.0 escaping for text and attribute values. Characters XML 1.0 cannot carry at all (C0
 * controls other than tab, LF and CR; U+FFFE, U+FFFF; lone surrogates), not even as character
 * references, are written as a visible `\uXXXX` so the report stays well-formed and says what was there.
 */

function visible(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/** True for code units XML 1.0 forbids outright (surrogates are checked in pairs by the caller). */
function forbidden(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff
}

function escape(s: string, attribute: boolean): string {
  let out = ''
  let from = 0
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    let replacement: string | undefined
    switch (code) {
      case 0x26: replacement = '&amp;'; break
      case 0x3c: replacement = '&lt;'; break
      case 0x3e: replacement = '&gt;'; break
      // Quotes end an attribute value; in text they are plain characters.
      case 0x22: if (attribute) replacement = '&quot;'; break
      case 0x27: if (attribute) replacement = '&apos;'; break
      // A parser normalises CR (and, in attributes, tab and LF) away unless they are references.
      case 0x0d: replacement = '&#13;'; break
      case 0x09: if (attribute) replacement = '&#9;'; break
      case 0x0a: if (attribute) replacement = '&#10;'; break
      default:
        if (code >= 0xd800 && code <= 0xdbff) {
          const next = s.charCodeAt(i + 1)
          if (next >= 0xdc00 && next <= 0xdfff) {
            i++ // a valid pair: copied as is
            continue
          }
          replacement = visible(code)
        } else if (code >= 0xdc00 && code <= 0xdfff) {
          replacement = visible(code)
        } else if (forbidden(code)) {
          replacement = visible(code)
        }
    }
    if (replacement === undefined) continue
    out += s.slice(from, i) + replacement
    from = i + 1
  }
  return from === 0 ? s : out + s.slice(from)
}

/** Escapes character data (element content). */
export function escapeXmlText(s: string): string {
  return escape(s, false)
}

/** Escapes an attribute value (for either quote style); tabs and line breaks survive as references. */
export function escapeXmlAttribute(s: string): string {
  return escape(s, true)
}
