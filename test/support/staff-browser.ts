import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PolicyId } from '../../lib/domain/policies.js';
import type { Group } from '../../lib/identity.js';
import { axeViolations, launchBrowser, openPage, type AxeViolation } from './browser.js';
import { startTestRuntime } from './runtime.js';

/** The widths every staff page is checked at: a desktop and a small phone. */
export const widths = { desktop: 1280, phone: 375 } as const;

export interface StaffMemberFixture {
  id: string;
  name: string;
  groups: Group[];
  email?: string;
  territory?: string;
  active?: boolean;
}

/**
 * Registers `member` in the staff directory through `PUT /staff/{id}`, as an administrator would:
 * the local sign-in page then lists it (when active).
 */
export async function registerStaff(
  system: Awaited<ReturnType<typeof startTestRuntime>>,
  member: StaffMemberFixture,
): Promise<void> {
  const token = await system.token('admin-fixture', 'admin');
  const answer = await system.request('PUT', `/staff/${encodeURIComponent(member.id)}`, {
    token,
    body: {
      name: member.name,
      email: member.email ?? `${member.id}@asll.example.fr`,
      groups: member.groups,
      ...(member.territory ? { territory: member.territory } : {}),
      ...(member.active === undefined ? {} : { active: member.active }),
    },
  });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`PUT /staff/${member.id}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** The address of the staff pages of a runtime. */
export const staffUrl = (url: string, route = '') => `${url}/staff/${route ? `#${route}` : ''}`;

/**
 * Signs `name` in as a person does: the staff page, « Se connecter », the local sign-in page
 * (which lists the active staff directory), their name. Resolves once the shell shows a page
 * (the menu is there). `route` is where to go (`/taches`…); default the person's landing page.
 */
export async function signIn(page: Page, url: string, name: string, route = ''): Promise<void> {
  await page.goto(staffUrl(url, route));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace du personnel' }).waitFor();
  await page.getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}(\\s|$)`) }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  await settled(page);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Signs out through the header's button; resolves on the sign-in screen. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('button', { name: 'Se connecter' }).waitFor();
}

/** Waits until the page has finished loading what it shows (no « Chargement… » left). */
export async function settled(page: Page): Promise<void> {
  // A function, not a string: the page's CSP refuses eval, which a string predicate needs.
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
    return !document.querySelector('main [aria-busy="true"], main .loading');
  });
}

/** The menu items marked as the page the person is on (`aria-current="page"`). */
export function currentMenuItems(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Menu principal' }).locator('a[aria-current="page"]').allTextContents();
}

/** axe's findings on the page as it is, at one width, and whether the page scrolls sideways. */
export async function auditAt(page: Page, width: number): Promise<{ violations: AxeViolation[]; horizontalScroll: boolean }> {
  await page.setViewportSize({ width, height: 900 });
  await settled(page);
  const violations = await axeViolations(page);
  const horizontalScroll = (await page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  )) as boolean;
  return { violations, horizontalScroll };
}

/**
 * The quality bar of every staff page: 0 axe-core violations (WCAG 2.2 A/AA and best practices)
 * and no horizontal scroll, at 1280 px and at 375 px. The viewport is left at 1280 px.
 */
export async function checkA11y(page: Page): Promise<void> {
  for (const width of [widths.phone, widths.desktop]) {
    const audit = await auditAt(page, width);
    expect({ width, ...audit }).toEqual({ width, violations: [], horizontalScroll: false });
  }
}

/**
 * A test runtime with Chromium: `open()` gives a fresh browser context (its own session), `signIn`
 * signs someone in through the sign-in page. Stop it in afterAll.
 */
export async function startStaffBrowser(policy: PolicyId = 'meuse', staff: StaffMemberFixture[] = []) {
  const system = await startTestRuntime(policy);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    for (const member of staff) await registerStaff(system, member);
  } catch (error) {
    await browser?.close();
    await system.stop();
    throw error;
  }
  const opened = browser;
  return {
    system,
    browser: opened,
    url: system.url,
    register: (member: StaffMemberFixture) => registerStaff(system, member),
    /** A new context at desktop width; `complaints` collects script errors and CSP refusals. */
    open: (options: { width?: number; height?: number } = {}) => openPage(opened, { width: widths.desktop, ...options }),
    signIn: (page: Page, name: string, route = '') => signIn(page, system.url, name, route),
    /** Runs `test` on a fresh page (desktop width), closed afterwards whatever happens. */
    async withPage(test: (page: Page, complaints: string[]) => Promise<void>): Promise<void> {
      const { page, complaints, close } = await openPage(opened, { width: widths.desktop });
      try {
        await test(page, complaints);
      } finally {
        await close();
      }
    },
    async stop() {
      await opened.close();
      await system.stop();
    },
  };
}

export type StaffBrowser = Awaited<ReturnType<typeof startStaffBrowser>>;
