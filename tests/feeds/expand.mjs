// Expands an iCalendar feed the way Thunderbird does, with Mozilla's ical.js.
// Usage: node tests/feeds/expand.mjs <window start ISO> <window end ISO> < feed.ics
// Prints JSON: [{uid, start, end, status, summary}] with start/end in UTC (ISO, "Z"), sorted.
import ICAL from "ical.js";

const [, , fromArg, toArg] = process.argv;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");

const root = new ICAL.Component(ICAL.parse(text));
// Register every VTIMEZONE so TZID references resolve to the feed's own definitions.
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const utcTime = (iso) => {
  const time = ICAL.Time.fromDateTimeString(iso.replace(/Z$/, ""));
  time.zone = ICAL.Timezone.utcTimezone;
  return time;
};
const from = utcTime(fromArg);
const to = utcTime(toArg);

const utc = (time) => time.toJSDate().toISOString().replace(/\.\d{3}Z$/, "Z");

// Overrides are related to their series by UID, as Thunderbird's ICS parser does. (Built from a
// component inside a calendar, ICAL.Event would otherwise take every RECURRENCE-ID component of
// the whole calendar as its own, whatever its UID.)
const masterComponents = new Map();
const overrides = new Map();
for (const vevent of root.getAllSubcomponents("vevent")) {
  const uid = vevent.getFirstPropertyValue("uid");
  if (vevent.hasProperty("recurrence-id")) {
    if (!overrides.has(uid)) overrides.set(uid, []);
    overrides.get(uid).push(vevent);
  } else {
    masterComponents.set(uid, vevent);
  }
}

const out = [];
for (const [uid, component] of masterComponents) {
  const master = new ICAL.Event(component, {
    strictExceptions: true,
    exceptions: overrides.get(uid) || [],
  });
  const status = (component) => (component.getFirstPropertyValue("status") || "").toLowerCase();
  if (!master.isRecurring()) {
    if (master.startDate.compare(to) < 0 && master.startDate.compare(from) >= 0) {
      out.push({ uid, start: utc(master.startDate), end: utc(master.endDate), status: status(master.component), summary: master.summary });
    }
    continue;
  }
  const iterator = master.iterator();
  let next;
  let guard = 0;
  while ((next = iterator.next()) && guard++ < 100000) {
    if (next.compare(to) >= 0) break;
    const details = master.getOccurrenceDetails(next);
    if (details.startDate.compare(from) < 0) continue;
    out.push({
      uid,
      start: utc(details.startDate),
      end: utc(details.endDate),
      status: status(details.item.component),
      summary: details.item.summary,
    });
  }
}
out.sort((a, b) => (a.start + a.uid).localeCompare(b.start + b.uid));
process.stdout.write(JSON.stringify(out));
