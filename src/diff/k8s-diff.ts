import { diffFields } from './field-diff';
import type { Action, FieldChange } from './model';
import type { K8sObject } from './tree';

/** A Kubernetes object that differs, before risks are judged. */
export interface ObjectChange {
  readonly action: Exclude<Action, 'replace'>;
  readonly object: K8sObject;
  /** The object as it was (for removals and changes). */
  readonly before?: K8sObject;
  readonly fields: FieldChange[];
}

/** `group/kind/namespace/name`: the version is left out, so moving to a new API version is a change, not remove + add. */
const objectKey = (o: K8sObject) => [o.group, o.kind, o.namespace ?? '', o.name].join('/');

/** The objects added, removed or changed between two syntheses, with the changed field paths. */
export function diffK8s(base: readonly K8sObject[], head: readonly K8sObject[]): ObjectChange[] {
  const baseByKey = new Map(base.map((o) => [objectKey(o), o]));
  const headKeys = new Set(head.map(objectKey));
  const changes: ObjectChange[] = [];
  for (const object of head) {
    const before = baseByKey.get(objectKey(object));
    if (!before) {
      changes.push({ action: 'add', object, fields: [] });
      continue;
    }
    const fields = diffFields(before.body, object.body);
    if (fields.length > 0) changes.push({ action: 'change', object, before, fields });
  }
  for (const object of base) {
    if (!headKeys.has(objectKey(object))) changes.push({ action: 'remove', object, before: object, fields: [] });
  }
  return changes;
}
