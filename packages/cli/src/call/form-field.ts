interface FieldSchema {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  enumNames?: string[];
  oneOf?: { const?: unknown; title?: string }[];
  anyOf?: { const?: unknown; title?: string }[];
  items?: FieldSchema;
}

/** One choice of an enum field: what is sent, and what the person reads. */
export interface FieldOption {
  value: string;
  title: string;
}

/** What a line typed for a field means: its value, or why it is not one. */
export type ParsedAnswer = { value: unknown } | { problem: string };

/**
 * One field of an elicitation form (a property of its flat `requestedSchema`), and how a line
 * typed at the terminal becomes its value: numbers and booleans as such, an enum choice by its
 * number, value or title, several choices separated by commas.
 */
export interface FormField {
  key: string;
  label: string;
  description: string | undefined;
  /** `string`, `number`, `integer`, `boolean`, or `choice` / `choices` for enums. */
  kind: string;
  required: boolean;
  default: unknown;
  options: FieldOption[];
  parse(line: string): ParsedAnswer;
}

export function formFields(requestedSchema: unknown): FormField[] {
  const schema = requestedSchema as { properties?: Record<string, FieldSchema>; required?: string[] };
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([key, property]) => {
    const many = property.type === 'array';
    const options = optionsOf(many ? (property.items ?? {}) : property);
    const kind = options.length > 0 ? (many ? 'choices' : 'choice') : (property.type ?? 'string');
    return {
      key,
      label: property.title ?? key,
      description: property.description,
      kind,
      required: required.has(key),
      default: property.default,
      options,
      parse: (line) => parseAnswer(kind, options, line),
    };
  });
}

function optionsOf(schema: FieldSchema): FieldOption[] {
  const titled = schema.oneOf ?? schema.anyOf;
  if (titled)
    return titled.map((option) => ({
      value: String(option.const),
      title: option.title ?? String(option.const),
    }));
  return (schema.enum ?? []).map((value, index) => ({
    value: String(value),
    title: schema.enumNames?.[index] ?? String(value),
  }));
}

function parseAnswer(kind: string, options: FieldOption[], line: string): ParsedAnswer {
  switch (kind) {
    case 'boolean':
      if (/^(y|yes|true)$/i.test(line)) return { value: true };
      if (/^(n|no|false)$/i.test(line)) return { value: false };
      return { problem: 'answer y or n' };
    case 'integer':
      return /^[-+]?\d+$/.test(line) ? { value: Number(line) } : { problem: 'a whole number, please' };
    case 'number': {
      const value = Number(line);
      return Number.isFinite(value) ? { value } : { problem: 'a number, please' };
    }
    case 'choice': {
      const option = choose(options, line);
      return option ? { value: option.value } : { problem: `choose ${describeOptions(options)}` };
    }
    case 'choices': {
      const chosen = line.split(',').map((part) => choose(options, part.trim()));
      if (chosen.some((option) => option === undefined))
        return { problem: `choose ${describeOptions(options)}, separated by commas` };
      return { value: chosen.map((option) => (option as FieldOption).value) };
    }
    default:
      return { value: line };
  }
}

/** An option by its number in the list (from 1), its value or its title. */
function choose(options: FieldOption[], text: string): FieldOption | undefined {
  const index = /^\d+$/.test(text) ? Number(text) - 1 : -1;
  return options[index] ?? options.find((option) => option.value === text || option.title === text);
}

function describeOptions(options: FieldOption[]): string {
  return `1 to ${options.length} (or the value)`;
}
