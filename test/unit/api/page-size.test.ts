import { describe, expect, it } from 'vitest';
import { MAX_PAGE, PageSize } from '../../../src/api/page-size.js';

describe('the page size of kt events list', () => {
  it('starts small, then asks for 1,000 ordinary events a page', () => {
    const pages = new PageSize();
    const first = pages.next();
    expect(first).toBeLessThan(MAX_PAGE);
    pages.observe(first, first * 1200);
    expect(pages.next()).toBe(MAX_PAGE);
  });

  it('asks for fewer events when they are heavy, about 4 MiB a page, and never for none', () => {
    const pages = new PageSize();
    pages.observe(100, 100 * 16_000);
    expect(pages.next()).toBe(Math.floor((4 * 1024 * 1024) / 16_000));
    pages.observe(10, 10 * 8 * 1024 * 1024);
    expect(pages.next()).toBe(1);
    // Light again: back up to the cap.
    pages.observe(1, 500);
    expect(pages.next()).toBe(MAX_PAGE);
  });

  it('never asks for more than are still wanted, and learns nothing from an empty page', () => {
    const pages = new PageSize();
    pages.observe(100, 100_000);
    expect(pages.next(37)).toBe(37);
    pages.observe(0, 0);
    expect(pages.next()).toBe(MAX_PAGE);
  });

  it('shrinks a page refused as too large, down to one event, then gives up', () => {
    const pages = new PageSize(MAX_PAGE);
    expect(pages.next()).toBe(MAX_PAGE);
    expect(pages.shrink(MAX_PAGE)).toBe(125);
    expect(pages.next()).toBe(125);
    expect(pages.shrink(5)).toBe(1);
    expect(pages.shrink(1)).toBe(0);
  });
});
