/** Dates as a French reader writes them out, in emails, calendars and task titles. */

const weekdays = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const months = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** 1 → « janvier », 12 → « décembre ». */
export function frenchMonthName(month: number): string {
  return months[month - 1]!;
}

/** `2026-04-04` → « samedi 4 avril 2026 »; the first of a month is « 1er », as French writes it. */
export function longFrenchDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = weekdays[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  return `${weekday} ${day === 1 ? '1er' : day} ${frenchMonthName(month)} ${year}`;
}
