/** Parses XML with saxes (a conformant, non-validating parser that rejects any ill-formed input) into a small tree for assertions. */
import {SaxesParser} from 'saxes'

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** The element's own character data, concatenated. */
  text: string
}

/** Throws on the first well-formedness error (saxes' message names line and column). */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser()
  const root: XmlElement = {name: '#document', attributes: {}, children: [], text: ''}
  const stack: XmlElement[] = [root]
  parser.on('error', (error) => {
    throw error
  })
  parser.on('opentag', (tag) => {
    const element: XmlElement = {name: tag.name, attributes: {...tag.attributes}, children: [], text: ''}
    stack.at(-1)!.children.push(element)
    stack.push(element)
  })
  parser.on('closetag', () => {
    stack.pop()
  })
  parser.on('text', (text) => {
    stack.at(-1)!.text += text
  })
  parser.write(xml).close()
  if (root.children.length !== 1) throw new Error(`expected one root element, got ${root.children.length}`)
  return root.children[0]!
}

/** Every descendant element with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = []
  for (const child of element.children) {
    if (child.name === name) out.push(child)
    out.push(...findAll(child, name))
  }
  return out
}
