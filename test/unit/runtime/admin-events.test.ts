// GET /v1/events/{id} of a real Gateway (in-process): the id is one path step, percent-encoded or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../helpers/fake-gateway.js';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway.js';

let gateway: InProcessGateway;
let id: string;

beforeAll(async () => {
  gateway = await startInProcessGateway('admin-events');
  const { prev_hash: _p, hash: _h, ...e } = makeEvent(1);
  id = (await gateway.gw.eventLog.append(e)).id;
});
afterAll(async () => {
  await gateway.close();
});

const get = async (step: string) => {
  const env = gateway.env();
  const res = await fetch(`${env.KEEPTRUSTS_API_URL}/v1/events/${step}`, {
    headers: { authorization: `Bearer ${env.KEEPTRUSTS_API_TOKEN}` },
  });
  return { status: res.status, body: (await res.json()) as { id?: string; error?: { code: string; message: string } } };
};

describe('GET /v1/events/{id}', () => {
  it('finds an event by its id, also when the id is percent-encoded', async () => {
    expect(await get(id)).toMatchObject({ status: 200, body: { id } });
    const encoded = [...id].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    expect(await get(encoded)).toMatchObject({ status: 200, body: { id } });
  });

  it('a step that is no id of this gateway is 404 no event (not 405 for a GET), named only when it is an id', async () => {
    for (const step of ['evt_nope', '%65vt_nope', `${id}%00`, 'evt%2Fx', '%zz', 'a%0Ab']) {
      const r = await get(step);
      expect({ step, status: r.status, code: r.body.error?.code }).toEqual({ step, status: 404, code: 'not_found' });
      expect(r.body.error?.message).not.toMatch(/[\0\n]/);
    }
    expect((await get('%65vt_nope')).body.error?.message).toBe('no event evt_nope');
    // A step that is no id (a secret pasted there) does not come back in the error.
    expect((await get('sk-live%21SECRET')).body.error?.message).toBe('no event: that is not an event id');
  });
});

describe('GET /v1/events verdict filter', () => {
  const query = async (q: string) => {
    const env = gateway.env();
    const res = await fetch(`${env.KEEPTRUSTS_API_URL}/v1/events?${q}`, {
      headers: { authorization: `Bearer ${env.KEEPTRUSTS_API_TOKEN}` },
    });
    return {
      status: res.status,
      body: (await res.json()) as { events?: Array<{ id: string }>; error?: { code: string; message: string } },
    };
  };

  it("takes the spellings kt's --filter takes: denied is block, as blocked is", async () => {
    // makeEvent(1) is a block.
    for (const v of ['block', 'Blocked', 'deny', 'denied', 'DENIED']) {
      for (const key of ['verdict', 'action']) {
        const r = await query(`${key}=${v}`);
        expect({ v, key, status: r.status, ids: r.body.events?.map((e) => e.id) }).toEqual({
          v,
          key,
          status: 200,
          ids: [id],
        });
      }
    }
    expect((await query('verdict=allowed')).body.events).toEqual([]);
  });

  it('a verdict no event can have is 422, not an empty page that reads as none', async () => {
    for (const q of ['verdict=bloked', 'verdict=block,bogus', 'action=x', 'verdict=allow&verdict=skipped']) {
      const r = await query(q);
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 422, code: 'validation_error' });
    }
    expect((await query('verdict=bloked')).body.error?.message).toContain('"bloked"');
  });
});

describe('GET /v1/events time bounds', () => {
  const status = async (q: string) => {
    const env = gateway.env();
    const res = await fetch(`${env.KEEPTRUSTS_API_URL}/v1/events?${q}`, {
      headers: { authorization: `Bearer ${env.KEEPTRUSTS_API_TOKEN}` },
    });
    const body = (await res.json()) as { events?: unknown[]; error?: { code: string } };
    return { status: res.status, n: body.events?.length, code: body.error?.code };
  };

  it('takes RFC 3339 with its offset (any case, T or a space) and a date; the event is 2025-04-01T00:01Z', async () => {
    for (const [q, n] of [
      ['from=2025-04-01T00:01:00Z', 1],
      ['from=2025-04-01t00:01:00.000001z', 0],
      ['from=2025-04-01%2000:00:30%2B00:00', 1],
      ['to=2025-04-01T02:01:00.000001%2B02:00', 1],
      ['to=2025-03-31T20:01:00-04:00', 0],
      ['from=2025-04-01&to=2025-04-02', 1],
    ] as const) {
      expect({ q, ...(await status(q)) }).toEqual({ q, status: 200, n, code: undefined });
    }
  });

  it('refuses a time without an offset (read in the host zone), a day that does not exist, and other shapes', async () => {
    for (const q of [
      'from=2025-04-01T00:00:00',
      'to=2025-04-01%2010:00',
      'from=2025-02-30',
      'from=2025-02-29T00:00:00Z',
      'from=2025-04-01T24:00:00Z',
      'from=2025-04-01T00:00Z',
      'from=2025-04-01,%2010:00',
      'until=2025-04-01T00:00:00Z%20junk',
    ]) {
      expect({ q, ...(await status(q)) }).toEqual({ q, status: 422, n: undefined, code: 'invalid_time' });
    }
  });
});

describe('GET /v1/events parameters given once', () => {
  it('limit, cursor and each bound (in either spelling) twice, or a limit that is not digits, are 422', async () => {
    const env = gateway.env();
    for (const [q, code] of [
      ['limit=1&limit=1000', 'invalid_limit'],
      ['limit=%201', 'invalid_limit'],
      ['limit=1e2', 'invalid_limit'],
      ['limit=0x10', 'invalid_limit'],
      ['cursor=MTow&cursor=MToy', 'invalid_cursor'],
      ['from=2025-04-01T00:00:00Z&since=2025-04-02T00:00:00Z', 'invalid_time'],
      ['to=2025-04-01T00:00:00Z&to=2025-04-02T00:00:00Z', 'invalid_time'],
      ['until=2025-04-01T00:00:00Z&to=2025-04-02T00:00:00Z', 'invalid_time'],
    ] as const) {
      const res = await fetch(`${env.KEEPTRUSTS_API_URL}/v1/events?${q}`, {
        headers: { authorization: `Bearer ${env.KEEPTRUSTS_API_TOKEN}` },
      });
      const body = (await res.json()) as { error?: { code: string } };
      expect({ q, status: res.status, code: body.error?.code }).toEqual({ q, status: 422, code });
    }
    const one = await fetch(`${env.KEEPTRUSTS_API_URL}/v1/events?limit=1&since=2025-04-01T00:00:00Z`, {
      headers: { authorization: `Bearer ${env.KEEPTRUSTS_API_TOKEN}` },
    });
    expect(one.status).toBe(200);
  });
});
