// The reference's "Road to production": every fact a partner needs before going live is either sourced from a
// vendor page (named by its address) or says plainly that it is not published; no fact is guessed or left out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const { info } = JSON.parse(readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8')) as {
  info: { description: string };
};
const section = info.description.split(/^# /m).find((part) => part.startsWith('Road to production\n')) ?? '';
const VENDOR = /`(?:…|(?:idocs\.alipay\.com|miniprogram\.alipay\.com|docs\.alipayplus\.com))\/[^`]+`/;

describe('the road to production', () => {
  it('is a section of the reference', () => {
    expect(section).not.toBe('');
  });

  it.each([
    'your `Client-Id`',
    'your public key',
    'the platform\u2019s key'.replace('\u2019', "'"),
    'production hosts',
    'sandbox host',
    'rate limits',
    'timeouts',
    'keys and algorithm',
  ])('D-Store: gives "%s" with a vendor source, or says it is not published', (what) => {
    const row = section.split('\n').find((line) => line.startsWith(`| ${what} `));
    expect(row, `no row for ${what}`).toBeDefined();
    expect(VENDOR.test(row ?? '') || (row ?? '').includes('**not published**'), row).toBe(true);
  });

  it('F&B mini program: the client ID, both keys and the hosts from the platform page, rate limits and timeouts not published', () => {
    const paragraph = section.slice(
      section.indexOf('**F&B mini program (updateStore).**'),
      section.indexOf('**Before you go live**'),
    );
    for (const fact of [
      'client ID',
      'your public key',
      "platform's public key",
      'open-{region}.alipayplus.com',
      'open-{region}-pre.alipayplus.com',
    ])
      expect(paragraph).toContain(fact);
    expect(paragraph).toContain(
      '`miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/platform/add-features`',
    );
    expect(paragraph).toMatch(/Rate limits and timeouts: \*\*not published\*\*/);
  });

  it('ends in a go-live checklist: the test vector, verified answers, U retried as sent, F never retried', () => {
    const checklist = section.slice(section.indexOf('**Before you go live**'));
    expect(checklist).toContain('test vector');
    expect(checklist).toMatch(/answer's signature is verified/);
    expect(checklist).toMatch(/`U`.*retried with the same request: the same `requestId`/s);
    expect(checklist).toMatch(/An `F` is never retried/);
  });
});
