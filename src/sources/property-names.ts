// Property names (the `N` attribute) as the object builder keeps them: decoded and lower-cased once each,
// found again by their units (xml-names.ts), since the same names repeat on every object.
import { decodeClixmlEscapes } from './clixml-escapes.js';
import type { Attributes, Tokenizer, Units } from './clixml-tokenizer.js';
import { NameTable } from './xml-names.js';

export interface PropertyName {
  name: string;
  /** `name` lower-cased: the key in the property map. */
  key: string;
}

const propertyName = (raw: string): PropertyName => {
  const name = decodeClixmlEscapes(raw);
  return { name, key: name.toLowerCase() };
};

export class PropertyNames {
  private readonly byUnits = new NameTable();
  /** Names whose units are not their text (references), by their text; at most 4096. */
  private readonly spelled = new Map<string, PropertyName>();

  /** The element's `N` attribute, if it has one. */
  ofAttributes(attributes: Attributes, tokenizer: Tokenizer): PropertyName | null {
    for (let i = 0; i < attributes.count; i++) {
      if (attributes.names[i].text !== 'N') continue;
      const spelled = attributes.texts[i];
      if (spelled !== null) return this.ofText(spelled);
      return this.at(attributes.units, attributes.starts[i], attributes.ends[i], tokenizer);
    }
    return null;
  }

  /** The name whose units are [start, end) of the input `tokenizer` is reading. */
  at(units: Units, start: number, end: number, tokenizer: Tokenizer): PropertyName {
    const name = this.byUnits.find(units, start, end) ?? this.byUnits.add(units, start, end, tokenizer.textOf(start, end));
    return (name.meaning ??= propertyName(name.text)) as PropertyName;
  }

  private ofText(spelled: string): PropertyName {
    let known = this.spelled.get(spelled);
    if (known === undefined) {
      known = propertyName(spelled);
      if (this.spelled.size >= 4096) this.spelled.clear();
      this.spelled.set(spelled, known);
    }
    return known;
  }
}
