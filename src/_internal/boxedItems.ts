/**
 * The items of a caller's iterable or async iterable, each in a box, for `for await`. A `for await`
 * over a plain iterable (an array of lines) awaits every item, so an item with a `then` method runs
 * the caller's code and, when that never calls back, leaves the loop pending forever: the process
 * exits with the promise unsettled, and no caller can catch it. Boxed, an item is only read.
 * An async iterable's items are not awaited by `for await`; they are boxed the same way.
 *
 * @example
 * for await (const { item } of boxedItems(lines)) if (typeof item !== 'string') refuse(item);
 */
export async function* boxedItems<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<{ readonly item: T }> {
  if (typeof (items as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function') {
    for await (const item of items as AsyncIterable<T>) yield { item };
  } else {
    for (const item of items as Iterable<T>) yield { item };
  }
}
