// Shows times in the reader's own zone: the server renders every time in UTC inside
// <time datetime="ISO" data-local>, which is right without JavaScript; this island rewrites the
// text to the browser's zone and keeps the UTC time in the tooltip.
const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function localiseTimes(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>('time[datetime][data-local]')) {
    const when = new Date(element.dateTime);
    if (Number.isNaN(when.getTime())) continue;
    if (!element.title) element.title = `${element.textContent ?? ''}`.trim();
    element.textContent = format.format(when);
    element.removeAttribute('data-local');
  }
}

localiseTimes(document);
