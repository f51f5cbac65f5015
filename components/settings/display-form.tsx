"use client";

import { useState } from "react";
import { saveDisplayAction } from "@/app/(app)/settings/actions";
import type { SettingsView } from "@/lib/settings/settings";
import { SelectField } from "./fields";
import { SaveRow, useSettingsForm } from "./settings-form";

const THEMES = [
  { value: "dark", label: "Dark" },
  { value: "light", label: "Light" },
  { value: "system", label: "Same as the system" },
];

export function DisplayForm({ display, timeZones }: { display: SettingsView["display"]; timeZones: readonly string[] }) {
  const { formRef, formAction, pending, error, errorsFor } = useSettingsForm(saveDisplayAction, {
    successTitle: "Display settings saved",
    failureTitle: "Display settings not saved",
  });
  const [timeZone, setTimeZone] = useState(display.time_zone);
  const [theme, setTheme] = useState<string>(display.theme);
  // A zone saved under another ICU version may be missing from this list; it stays selectable.
  const zones = timeZones.includes(display.time_zone) ? timeZones : [display.time_zone, ...timeZones];

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4" data-testid="display-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="time_zone"
          id="display.time_zone"
          label="Time zone"
          value={timeZone}
          onChange={(event) => setTimeZone(event.target.value)}
          options={zones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
          hint="An IANA zone name; UTC unless you choose another."
          errors={errorsFor("time_zone")}
        />
        <SelectField
          name="theme"
          id="display.theme"
          label="Theme"
          value={theme}
          onChange={(event) => setTheme(event.target.value)}
          options={THEMES}
          hint="System follows your device's light or dark mode."
          errors={errorsFor("theme")}
        />
      </div>
      <SaveRow pending={pending} error={error?.message} label="Save display" />
    </form>
  );
}
