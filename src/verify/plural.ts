/** A count and its noun, singular for exactly one: "1 day", "0 days", "14 days". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
