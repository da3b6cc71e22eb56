import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployResult, HistoryEntry, InstanceDetail, StartInstanceResponse } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient } from '../support/server';
import { type BrowserRig, loginAs, openRig, saveScreenshot, seriousA11yViolations } from './support/browser';

/**
 * Version history, comparison and moving cases on /processen/toeleiding, in a real browser against
 * the demo server. Given: toeleiding version 1 (demo), version 2 with a shorter term for the
 * Vraagverkenning, version 3 where that task has another id (so version 1's task is gone).
 */
describe('process versions in the browser', () => {
  let rig: BrowserRig;
  let eigenaar: ApiClient;
  let slt: ApiClient;
  /** Both started on version 1 and waiting at Task_Vraagverkenning. */
  let toMove: StartInstanceResponse;
  let toStay: StartInstanceResponse;

  async function deploy(xml: string, note: string): Promise<DeployResult> {
    const response = await eigenaar.request(
      'POST',
      `/api/definitions?note=${encodeURIComponent(note)}`,
      xml,
      'application/xml',
    );
    if (response.status !== 201) throw new Error(`deploy answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as DeployResult;
  }

  const startToeleiding = (initialen: string) =>
    slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables: samples(new Date()).aanmelding({ initialen, geboortedatum: '2012-05-05' }),
    });

  beforeAll(async () => {
    rig = await openRig();
    eigenaar = await ApiClient.login(rig.baseUrl, 'eigenaar');
    slt = await ApiClient.login(rig.baseUrl, 'slt');
    toMove = await startToeleiding('M.V.');
    toStay = await startToeleiding('B.L.');
    const v1 = await readFile(path.join(PROJECT_ROOT, 'processes', 'toeleiding.bpmn'), 'utf8');
    const v2 = v1.replace('camunda:dueDate="=werkdagen(10)"', 'camunda:dueDate="=werkdagen(3)"');
    expect(v2).not.toBe(v1);
    expect((await deploy(v2, 'Vraagverkenning binnen 3 werkdagen')).version).toBe(2);
    expect(
      (await deploy(v2.replaceAll('Task_Vraagverkenning', 'Task_Verkenning'), 'Vraagverkenning met een nieuw id'))
        .version,
    ).toBe(3);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('lists every version with when, by whom and its note, newest marked, with links to view and edit', async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.goto(`${rig.baseUrl}/processen/toeleiding`);
    const history = page.getByRole('region', { name: 'Versies' });
    await history.getByRole('row').nth(3).waitFor();

    const row = (version: number) => history.locator(`tr[data-version="${version}"]`);
    await expect.poll(() => row(2).textContent()).toContain('Vraagverkenning binnen 3 werkdagen');
    expect(await row(2).textContent()).toContain('Lotte Hendriks');
    expect(await row(3).textContent()).toContain('nieuwste');
    expect(await row(1).textContent()).not.toContain('nieuwste');
    expect(await row(2).getByRole('link', { name: 'Bekijken (versie 2)' }).getAttribute('href')).toBe(
      '/processen/toeleiding?versie=2',
    );
    expect(await row(2).getByRole('link', { name: 'Openen in modeler (versie 2)' }).getAttribute('href')).toBe(
      '/processen/toeleiding/bewerken?versie=2',
    );

    await history.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'versions');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await row(2).getByRole('link', { name: 'Bekijken (versie 2)' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('versie 2');
    await context.close();
  });

  it('compares version 1 and 2: the changed task is marked and the list says camunda:dueDate old → new', async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.goto(`${rig.baseUrl}/processen/toeleiding`);
    await page.getByRole('link', { name: 'Vergelijken met 1 (versie 2 met versie 1)' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?vergelijk=1-2');

    const changes = page.getByRole('region', { name: /Wijzigingen van versie 1 naar 2/ });
    const item = changes.locator('li[data-element-id="Task_Vraagverkenning"]');
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('gewijzigd');
    expect(text).toContain('camunda:dueDate');
    expect(text).toMatch(/=werkdagen\(10\).*=werkdagen\(3\)/);
    // Marked on both diagrams, in words as well as colour.
    const marked = page.locator('.djs-element.cr-diff-changed[data-element-id="Task_Vraagverkenning"]');
    await expect.poll(() => marked.count()).toBe(2);
    expect(
      await page.locator('.cr-diff-label.cr-diff-changed-label').filter({ hasText: 'gewijzigd' }).count(),
    ).toBeGreaterThanOrEqual(3);

    await saveScreenshot(page, 'diff');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Bookmarkable: 1-3 straight from the address shows the renamed task as removed and added.
    await page.goto(`${rig.baseUrl}/processen/toeleiding?vergelijk=1-3`);
    await page.locator('.djs-element.cr-diff-removed[data-element-id="Task_Vraagverkenning"]').waitFor();
    await page.locator('.djs-element.cr-diff-added[data-element-id="Task_Verkenning"]').waitFor();
    expect(await page.getByRole('region', { name: /Wijzigingen van versie 1 naar 3/ }).textContent()).toContain(
      'verwijderd',
    );
    await context.close();
  });

  it('moves a case that can move after a dry run, and shows a case at a removed step as not movable with the reason', async () => {
    const { context, page } = await loginAs(rig, 'eigenaar');
    await page.goto(`${rig.baseUrl}/processen/toeleiding`);
    await page.getByRole('link', { name: 'Lopende casussen naar een andere versie verplaatsen' }).click();
    await page.getByRole('heading', { name: /casussen naar een andere versie verplaatsen/ }).waitFor();
    await expect.poll(() => page.getByLabel('Van versie').inputValue()).toBe('1');
    await page.getByLabel('Naar versie').selectOption('2');

    await page.getByRole('button', { name: 'Casussen op versie 1 controleren' }).click();
    const moveRow = page.locator(`tr[data-instance-id="${toMove.id}"]`);
    await moveRow.waitFor();
    expect(await moveRow.textContent()).toContain('Kan worden verplaatst');
    expect(await moveRow.textContent()).toContain('Vraagverkenning');
    await moveRow.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Migreren (1)' }).click();

    const result = page.locator(`.migration-results li[data-instance-id="${toMove.id}"]`);
    await result.waitFor();
    expect(await result.textContent()).toContain('verplaatst');
    expect((await slt.get<InstanceDetail>(`/api/instances/${toMove.id}`)).version).toBe(2);
    const history = await slt.get<HistoryEntry[]>(`/api/instances/${toMove.id}/history`);
    expect(history.filter((entry) => entry.type === 'instance.migrated')).toEqual([
      expect.objectContaining({ actor: 'eigenaar', data: expect.objectContaining({ vanVersie: 1, naarVersie: 2 }) }),
    ]);
    // The re-check no longer finds the moved case on version 1.
    await expect.poll(() => moveRow.count()).toBe(0);

    // Version 3 no longer has the step where the other case waits.
    await page.getByLabel('Naar versie').selectOption('3');
    await page.getByRole('button', { name: 'Casussen op versie 1 controleren' }).click();
    const stayRow = page.locator(`tr[data-instance-id="${toStay.id}"]`);
    await stayRow.waitFor();
    expect(await stayRow.textContent()).toContain('Kan niet worden verplaatst');
    expect(await stayRow.locator('li[data-code="element-removed"]').first().textContent()).toContain(
      'versie 3 heeft die stap niet meer',
    );
    expect(await stayRow.getByRole('checkbox').isDisabled()).toBe(true);

    // Mapping the old step onto its new id makes it movable.
    const mapping = page.locator('select[data-mapping-for="Task_Vraagverkenning"]');
    await mapping.selectOption('Task_Verkenning');
    await expect.poll(() => stayRow.textContent()).toContain('Kan worden verplaatst');
    expect((await slt.get<InstanceDetail>(`/api/instances/${toStay.id}`)).version).toBe(1);
    await context.close();
  });

  it('does not offer moving cases or the modeler to someone who is not a process owner', async () => {
    const { context, page } = await loginAs(rig, 'teamleider');
    await page.goto(`${rig.baseUrl}/processen/toeleiding?migreren=1`);
    const history = page.getByRole('region', { name: 'Versies' });
    await history.locator('tr[data-version="3"]').waitFor();
    expect(await page.getByRole('heading', { name: /verplaatsen/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /verplaatsen/ }).count()).toBe(0);
    expect(await history.getByRole('link', { name: /modeler/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});
