// Reads iCalendar files (paths as arguments) with Mozilla's ical.js, the parser Thunderbird
// uses, and prints what a calendar would show: each event's UTC instants, as JSON.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function describe(path) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: component.getFirstPropertyValue("status"),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
      attendees: event.attendees.map((attendee) => ({
        address: attendee.getFirstValue(),
        partstat: attendee.getParameter("partstat") ?? null,
      })),
      organizer: component.getFirstPropertyValue("organizer"),
    };
  });
  return { method: calendar.getFirstPropertyValue("method"), events };
}

console.log(JSON.stringify(process.argv.slice(2).map(describe)));
