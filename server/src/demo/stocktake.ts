// The demo's stocktakes (盘点): last month's at one book corner, finished with every
// copy found, and one begun this past hour at another, half-way: the clerk has scanned the shelf but
// two copies are not there, one belongs to the reading room, and one label is unknown.
import type { DemoContext, DemoCounts } from './context';

export async function seedStocktakeDemo(ctx: DemoContext): Promise<DemoCounts> {
  const { db, today, accounts } = ctx;
  const clerk = accounts.clerk.userId;
  const at = (day: string, hm: string) => new Date(Date.parse(`${day}T${hm}:00+08:00`)).toISOString();
  const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const location = (name: string) => db.selectFrom('locations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  const shelf = (locationId: number) =>
    db.selectFrom('copies').select(['id', 'barcode', 'status']).where('location_id', '=', locationId).where('status', 'in', ['available', 'loaned']).orderBy('barcode').execute();

  let stocktakes = 0;
  let scans = 0;
  const record = async (locationId: number, startedAt: string, finishedAt: string | null, codes: { barcode: string; copyId: number | null }[]) => {
    const { id } = await db
      .insertInto('stocktakes')
      .values({ location_id: locationId, status: finishedAt ? 'finished' : 'open', started_at: startedAt, started_by: clerk, finished_at: finishedAt, lost_marked: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    stocktakes++;
    // A scan a few seconds after the one before, as a scanner gun goes along a shelf.
    const t0 = Date.parse(startedAt);
    for (const [i, c] of codes.entries()) {
      await db.insertInto('stocktake_scans').values({ stocktake_id: id, barcode: c.barcode, copy_id: c.copyId, scanned_at: new Date(t0 + (i + 1) * 4000).toISOString() }).execute();
      scans++;
    }
  };

  const economy = await location('经济发展办公室图书角');
  const done = (await shelf(economy.id)).filter((c) => c.status === 'available');
  await record(economy.id, at(shift(-30), '15:10'), at(shift(-30), '15:40'), done.map((c) => ({ barcode: c.barcode, copyId: c.id })));

  const office = await location('党政办公室图书角');
  const onShelf = (await shelf(office.id)).filter((c) => c.status === 'available');
  const room = await location('镇机关阅览室');
  const stray = (await shelf(room.id)).find((c) => c.status === 'available');
  const scanned = onShelf.slice(2).map((c) => ({ barcode: c.barcode, copyId: c.id as number | null }));
  if (stray) scanned.splice(Math.floor(scanned.length / 2), 0, { barcode: stray.barcode, copyId: stray.id });
  scanned.push({ barcode: 'SX-OLD-0417', copyId: null });
  // Begun a little while ago, whatever the hour the demo is loaded at (nothing dated after now).
  await record(office.id, new Date(Date.now() - 40 * 60_000).toISOString(), null, scanned);

  return { stocktakes, stocktakeScans: scans };
}
