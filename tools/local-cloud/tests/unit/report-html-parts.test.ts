/** The HTML report's parts that need no emulator: escaping, the quarantine's CSV, variant labels, the timeline's bins. */
import type { WarmInvocationResult } from '@pipeline/testing';
import { escapeHtml, html, trusted } from '../../src/report/html/escape.js';
import { InvocationTimeline } from '../../src/report/html/invocation-timeline.js';
import { csvRecords, quarantinedRows } from '../../src/report/html/quarantine-head.js';
import { variantLabels } from '../../src/report/html/section-images.js';
import { timelineSeries } from '../../src/report/html/svg-timeline.js';
import { localFunction } from '../support/local-function.js';

describe('the html tag', () => {
  it('escapes every value put into it, in text and attributes, but not its own markup', () => {
    const key = `a<b>&"c"'d'.png`;
    const cell = html`<td title="${key}">${key}</td>`;
    expect(cell.text).toBe(
      '<td title="a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;.png">a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;.png</td>',
    );
    const row = html`<tr>${[cell, 'x<y', 3]}</tr>`; // prettier-ignore
    expect(row.text).toBe(`<tr>${cell.text}x&lt;y3</tr>`);
    expect(html`${trusted('<b>')}`.text).toBe('<b>');
    expect(escapeHtml('</script><script>')).toBe('&lt;/script&gt;&lt;script&gt;');
  });
});

describe('the quarantine file', () => {
  const file =
    'line,reason,column,message,record\n' +
    '12,invalid_value,amount,"not a number, really","11,""x"",eleven"\n' +
    '34,column_count,,expected 6 fields,"a\nb"\n' +
    '40,invalid_value,id,cut here,"unterminated';

  it('reads RFC 4180 records (quotes, commas and line breaks inside fields) and drops a record cut by the range', () => {
    expect(csvRecords(file)).toHaveLength(3);
    expect(quarantinedRows(file, 10, 200)).toEqual([
      {
        line: '12',
        reason: 'invalid_value',
        column: 'amount',
        message: 'not a number, really',
        record: '11,"x",eleven',
      },
      { line: '34', reason: 'column_count', column: '', message: 'expected 6 fields', record: 'a\nb' },
    ]);
  });

  it('keeps to the row limit and the record length, and reads nothing from another file', () => {
    expect(quarantinedRows(file, 1, 4)).toEqual([expect.objectContaining({ record: '11,"…' })]);
    expect(quarantinedRows('id,name\n1,a\n', 10, 200)).toEqual([]);
  });
});

describe('variant labels', () => {
  it('name variants by the key segments they do not share', () => {
    expect(
      variantLabels(['images/variants/thumbnail/photos/a.jpg.jpg', 'images/variants/web/photos/a.jpg.jpg']),
    ).toEqual(['thumbnail', 'web']);
    expect(variantLabels(['half/a.jpg', 'a.jpg'])).toEqual(['half/a.jpg', 'a.jpg']);
    expect(variantLabels(['out/only.png'])).toEqual(['only.png']);
  });
});

describe('the timeline', () => {
  it('averages the invocations running in each step, per pipeline, and counts cold starts, retries and failures', () => {
    const series = timelineSeries(
      [
        { pipeline: 'resize', startMs: 1000, endMs: 1200, coldStart: true, attempt: 0, ok: false },
        { pipeline: 'resize', startMs: 1200, endMs: 1400, coldStart: false, attempt: 1, ok: true },
        { pipeline: 'etl', startMs: 1000, endMs: 1400, coldStart: true, attempt: 0, ok: true },
      ],
      4,
    );
    expect(series.stepMs).toBe(100);
    expect(series.pipelines).toEqual(['etl', 'resize']);
    expect(series.concurrency).toEqual([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
    // cold starts, retries, failed attempts
    expect(series.events).toEqual([
      [2, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 1, 0],
    ]);
  });
});

describe('the invocation timeline', () => {
  it("numbers a delivery's attempts by its event (retries share it; a duplicate delivery has its own)", () => {
    const fn = localFunction({
      pipeline: 'copy',
      name: 'c',
      codeDir: '/c',
      memoryMb: 128,
      timeoutSeconds: 3,
    });
    const result = (ok: boolean, coldStart: boolean): WarmInvocationResult =>
      ok
        ? { requestId: 'r', logs: [], durationMs: 5, ok, result: null, coldStart, workerPid: 1 }
        : {
            requestId: 'r',
            logs: [],
            durationMs: 5,
            ok,
            errorType: 'E',
            errorMessage: 'm',
            stackTrace: [],
            coldStart,
            workerPid: 1,
          };
    const timeline = new InvocationTimeline();
    const [event, duplicate] = [{ Records: [] }, { Records: [] }];
    timeline.record(fn, event, result(false, true));
    timeline.record(fn, event, result(true, false));
    timeline.record(fn, duplicate, result(true, false));
    expect(timeline.all().map((s) => [s.attempt, s.ok, s.coldStart, s.pipeline])).toEqual([
      [0, false, true, 'copy'],
      [1, true, false, 'copy'],
      [0, true, false, 'copy'],
    ]);
    expect(timeline.all().every((s) => s.endMs - s.startMs <= 5 && s.startMs >= 0)).toBe(true);
  });
});
