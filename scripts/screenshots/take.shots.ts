import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { projectRoot } from '../../infra/local/runtime.js';
import { settled, startStaffBrowser, staffUrl, widths, type StaffBrowser } from '../../test/support/staff-browser.js';
import { people, shots, type Shot } from './list.js';

const folder = join(projectRoot, 'docs', 'screenshots');
let staff: StaffBrowser;

beforeAll(async () => {
  mkdirSync(folder, { recursive: true });
  staff = await startStaffBrowser('meuse', people);
});
afterAll(async () => {
  await staff?.stop();
});

async function take(shot: Shot): Promise<void> {
  const route = shot.prepare ? await shot.prepare(staff) : (shot.route ?? '');
  const sizes: [string, number][] = [[shot.name, widths.desktop]];
  if (shot.phone) sizes.push([`${shot.name}-mobile`, widths.phone]);
  for (const [file, width] of sizes) {
    const { page, close } = await staff.open({ width, height: width === widths.phone ? 812 : 900 });
    try {
      if (shot.as) await staff.signIn(page, shot.as, route);
      else await page.goto(staffUrl(staff.url, route));
      await shot.then?.(page);
      await page.waitForLoadState('networkidle');
      if (shot.as) await settled(page);
      // No focus ring on the picture: the h1 takes the focus on every page.
      await page.evaluate(() =>
        (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement?.blur?.(),
      );
      await page.screenshot({ path: join(folder, `${file}.png`), fullPage: true });
    } finally {
      await close();
    }
  }
}

for (const shot of shots) it(`takes ${shot.name}`, () => take(shot));
