// Reads an iCalendar file with ical.js (the parser of Thunderbird and the Nextcloud web
// app) and prints, for each VEVENT, its UID and its start: the UTC instant in seconds for
// a timed event, the date for an all-day one. Usage: node instants.mjs ICALJS_PATH FILE
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [icalPath, file] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(icalPath).href)).default;
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const out = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const start = event.startDate;
  return {
    uid: event.uid,
    start: start.isDate ? start.toString() : start.toUnixTime(),
    description: event.description,
    summary: event.summary,
  };
});
console.log(JSON.stringify(out));
