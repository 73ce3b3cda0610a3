/**
 * Names every element after its construct path (`resize_function`, `ingest_notifications_notification`)
 * instead of cdktf's path-plus-hash (`resize_function_54395A7C`), so a plan reads like the
 * architecture. Construct paths are unique in a stack; a collision after character substitution
 * fails synth instead of silently merging two resources.
 */
import type { Node } from 'constructs';

export class ReadableLogicalIds {
  private readonly owners = new Map<string, string>();

  /** The id for `node` below `stackNode`: its path segments joined by `_`, unsafe characters replaced. */
  allocate(stackNode: Node, node: Node): string {
    const scopes = node.scopes.slice(node.scopes.indexOf(stackNode.scopes[stackNode.scopes.length - 1]!) + 1);
    const id = scopes
      .map((scope) => scope.node.id.replace(/[^A-Za-z0-9_-]/g, '_').replace(/-/g, '_'))
      .join('_');
    const owner = this.owners.get(id);
    if (owner !== undefined && owner !== node.path)
      throw new Error(`logical id ${id} is used by both ${owner} and ${node.path}`);
    this.owners.set(id, node.path);
    return id;
  }
}
