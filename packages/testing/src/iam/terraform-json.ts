/**
 * Reading a synthesized stack (Terraform JSON, as cdktf writes `cdk.tf.json`): blocks, references.
 * Only what the role harness needs; resources are found by their attributes, never by logical id.
 */

/** One resource or data source: its attributes as written in the JSON. */
export type TerraformBlock = Readonly<Record<string, unknown>>;

/** `{ resource: { type: { id: block } }, data: { type: { id: block } } }`, the parts we read. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
}

/** A parsed `${type.name.attribute}` (or `${data.type.name.attribute}`) reference. */
export interface TerraformReference {
  readonly data: boolean;
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const WHOLE_REFERENCE = /^\$\{([^}]+)\}$/;
const EMBEDDED_REFERENCE = /\$\{([^}]+)\}/;

function parseReferenceBody(body: string): TerraformReference | undefined {
  const parts = body.split('.');
  const data = parts[0] === 'data';
  const [type, name, attribute] = data ? parts.slice(1) : parts;
  if (type === undefined || name === undefined || attribute === undefined) return undefined;
  return { data, type, name, attribute };
}

/** The reference a whole attribute value holds (`${aws_iam_role.x.arn}`), else undefined. */
export function referenceIn(value: unknown): TerraformReference | undefined {
  if (typeof value !== 'string') return undefined;
  const match = WHOLE_REFERENCE.exec(value);
  return match?.[1] === undefined ? undefined : parseReferenceBody(match[1]);
}

/** The first `${...}` inside `text`: what it references and where it stands. */
export function firstReference(
  text: string,
): { readonly reference: TerraformReference; readonly start: number; readonly end: number } | undefined {
  const match = EMBEDDED_REFERENCE.exec(text);
  if (match?.[1] === undefined) return undefined;
  const reference = parseReferenceBody(match[1]);
  if (reference === undefined) throw new Error(`Cannot read the Terraform reference ${match[0]}`);
  return { reference, start: match.index, end: match.index + match[0].length };
}

/** Every block of a resource (or data source) type, with its logical id. */
export function blocksOf(
  stack: TerraformJson,
  type: string,
  kind: 'resource' | 'data' = 'resource',
): [id: string, block: TerraformBlock][] {
  return Object.entries(stack[kind]?.[type] ?? {});
}

/** The block a reference points at, or an error naming it. */
export function blockAt(stack: TerraformJson, reference: TerraformReference): TerraformBlock {
  const block = stack[reference.data ? 'data' : 'resource']?.[reference.type]?.[reference.name];
  if (block === undefined) {
    const prefix = reference.data ? 'data.' : '';
    throw new Error(`The synthesized stack has no ${prefix}${reference.type}.${reference.name}`);
  }
  return block;
}

/** Terraform JSON writes a nested block as an object or as a list of them. */
export function nestedBlocks(value: unknown): Readonly<Record<string, unknown>>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/** A list attribute of strings (a single string counts as a list of one). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== 'string')
      throw new Error(`Expected a string in a policy list but found ${JSON.stringify(item)}`);
    return item;
  });
}
