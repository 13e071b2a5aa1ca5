/**
 * A constant lookup table keyed by names that come from the input: resource types, Terraform function
 * names, block types of `.tf.json`. A plain object literal inherits `constructor`, `valueOf`,
 * `toString`, …, so `TABLE[name]` would hand a template that names `valueOf()` a function of
 * `Object.prototype`. A table made here has no prototype: a name it does not list is `undefined`.
 */
export function nameTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
