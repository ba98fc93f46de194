/**
 * The Compliance page's pieces in jsdom: the summary figures, the charts' text alternatives and the
 * report table (Strapi's own Table), with the real design system and react-intl.
 */
import './support/jsdom';
import * as React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { ComplianceSummary } from '../../admin/src/components/compliance/ComplianceSummary';
import { ComplianceTable } from '../../admin/src/components/compliance/ComplianceTable';
import { estimateWidth, fitLabel } from '../../admin/src/components/compliance/ChartLabel';
import { GapChart, NAME_AXIS_WIDTH, gapChartHeight, largestGaps, nameAxisWidth } from '../../admin/src/components/compliance/GapChart';
import { TrendChart } from '../../admin/src/components/compliance/TrendChart';
import { complianceRow, seats } from './support/fixtures';
import { renderWithProviders } from './support/render';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

/**
 * jsdom lays nothing out, so recharts' ResponsiveContainer would measure 0 × 0 and draw nothing: here
 * it hands the chart a fixed size instead, so the axes and their labels are drawn.
 */
const mockChartSize = { width: 480, height: 360 };
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: React.ReactElement }) => jest.requireActual('react').cloneElement(children, mockChartSize),
  };
});

/** The rows of a chart's screen-reader table, as text, header row first. */
const alternativeRows = (chartId: string) =>
  within(screen.getByTestId(chartId))
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));

describe('ComplianceSummary', () => {
  test('shows the totals and each currency, the annual recurring cost among them, and the licenses expiring in the window', () => {
    renderWithProviders(
      <ComplianceSummary
        totals={{
          software: 12,
          nonCompliant: 3,
          atRisk: 2,
          costs: [
            { currency: 'EUR', trueUp: '369.00', unusedValue: '1200.50', annualRecurring: '14760.00', committed: '52340.25' },
            { currency: 'USD', trueUp: '0.00', unusedValue: '99.99', annualRecurring: '0.00', committed: '0.00' },
          ],
        }}
        expiring={{ count: 4, days: 30 }}
      />,
    );
    const figure = (id: string) => screen.getByTestId(`figure-${id}`);
    expect(within(figure('nonCompliant')).getByTestId('figure-value').textContent).toBe('3');
    expect(figure('nonCompliant').textContent).toContain('of 12 software');
    expect(within(figure('atRisk')).getByTestId('figure-value').textContent).toBe('2');
    expect(
      within(figure('trueUp'))
        .getAllByTestId('cost-trueUp')
        .map((e) => e.textContent),
    ).toEqual(['€369.00', '$0.00']);
    expect(
      within(figure('unusedValue'))
        .getAllByTestId('cost-unusedValue')
        .map((e) => e.textContent),
    ).toEqual(['€1,200.50', '$99.99']);
    expect(
      within(figure('annualRecurring'))
        .getAllByTestId('cost-annualRecurring')
        .map((e) => e.textContent),
    ).toEqual(['€14,760.00', '$0.00']);
    expect(
      within(figure('committed'))
        .getAllByTestId('cost-committed')
        .map((e) => e.textContent),
    ).toEqual(['€52,340.25', '$0.00']);
    expect(figure('committed').textContent).toContain('Committed cost');
    expect(within(figure('expiring')).getByTestId('figure-value').textContent).toBe('4');
    expect(figure('expiring').textContent).toContain('within 30 days');
  });

  test("in French, each amount the French way with its currency's symbol", () => {
    renderWithProviders(
      <ComplianceSummary
        totals={{
          software: 12,
          nonCompliant: 3,
          atRisk: 2,
          costs: [
            { currency: 'EUR', trueUp: '418556.86', unusedValue: '12345678901234567.89', annualRecurring: '1234567.50', committed: '2469135.00' },
            { currency: 'USD', trueUp: '0.00', unusedValue: '99.99', annualRecurring: '720.00', committed: '1440.00' },
          ],
        }}
      />,
      { locale: 'fr' },
    );
    const costs = (id: string) =>
      within(screen.getByTestId(`figure-${id}`))
        .getAllByTestId(`cost-${id}`)
        .map((e) => e.textContent);
    expect(costs('trueUp')).toEqual(['418\u202f556,86\u00a0€', '0,00\u00a0$US']);
    expect(costs('unusedValue')).toEqual(['12\u202f345\u202f678\u202f901\u202f234\u202f567,89\u00a0€', '99,99\u00a0$US']);
    expect(costs('annualRecurring')).toEqual(['1\u202f234\u202f567,50\u00a0€', '720,00\u00a0$US']);
    expect(screen.getByTestId('figure-annualRecurring').textContent).toContain('Coût annuel récurrent');
    expect(costs('committed')).toEqual(['2\u202f469\u202f135,00\u00a0€', '1\u202f440,00\u00a0$US']);
    expect(screen.getByTestId('figure-committed').textContent).toContain('Coût engagé');
  });

  test('says "None" for costs when no reference price is known', () => {
    renderWithProviders(<ComplianceSummary totals={{ software: 1, nonCompliant: 0, atRisk: 0, costs: [] }} />);
    expect(screen.getByTestId('figure-trueUp').textContent).toContain('None');
    expect(screen.getByTestId('figure-annualRecurring').textContent).toContain('None');
    expect(within(screen.getByTestId('figure-expiring')).getByTestId('figure-value').textContent).toBe('-');
  });
});

describe('GapChart', () => {
  const office = complianceRow('Office', { byModel: seats(40, 43), shortfall: 3, status: 'non_compliant' });
  const acrobat = complianceRow('Acrobat', { byModel: seats(50, 20), unused: 30, status: 'compliant' });
  const visio = complianceRow('Visio', { byModel: seats(5, 12), shortfall: 7, status: 'non_compliant' });
  const even = complianceRow('Even', { byModel: seats(10, 10) });

  test('takes the shortfalls first, largest first, then unused seats, once each, and leaves out software without a gap', () => {
    const picked = largestGaps([office, visio, even, acrobat, office], 10);
    expect(picked.map((r) => r.software.name)).toEqual(['Visio', 'Office', 'Acrobat']);
    expect(largestGaps([office, visio, acrobat], 2).map((r) => r.software.name)).toEqual(['Visio', 'Office']);
  });

  test('gives the licensed and used seats as a table for screen readers, and names the image', () => {
    renderWithProviders(<GapChart rows={largestGaps([office, acrobat, visio])} />);
    expect(alternativeRows('gap-chart')).toEqual([
      ['Software', 'Licensed', 'Used'],
      ['Visio', '5', '12'],
      ['Office', '40', '43'],
      ['Acrobat', '50', '20'],
    ]);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/^Bar chart of licensed and used seats for the 3 software/);
  });

  test('says so when there is no gap to draw', () => {
    renderWithProviders(<GapChart rows={[]} />);
    expect(screen.getByText('No software with licenses or seats in use yet.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });
});

describe('GapChart labels', () => {
  /** Ten pixels a character: easy widths to reason about. */
  const tenPx = (s: string) => s.length * 10;

  test('a name that fits stays whole; a longer one is cut at the longest beginning that fits, with an ellipsis', () => {
    expect(fitLabel('Office 2021', 110, tenPx)).toBe('Office 2021');
    // "Microsoft V…" would be 120 px: the space before the ellipsis is dropped.
    expect(fitLabel('Microsoft Visio Professional 2024', 100, tenPx)).toBe('Microsoft…');
    expect(fitLabel('Microsoft Visio Professional 2024', 120, tenPx)).toBe('Microsoft V…');
    expect(fitLabel('Visio', 5, tenPx)).toBe('…');
  });

  test('at any width, the label fits and no longer beginning would', () => {
    const name = 'Logiciel de comptabilité générale et analytique 2024';
    for (let width = 10; width <= 600; width += 7) {
      const label = fitLabel(name, width, tenPx);
      expect(tenPx(label)).toBeLessThanOrEqual(width);
      if (label !== name) {
        const kept = label.slice(0, -1);
        expect(label.endsWith('…') && name.startsWith(kept)).toBe(true);
        // The next longer beginning: up to the next character that is not a space.
        let next = kept.length + 1;
        while (name.slice(0, next).trimEnd().length <= kept.length) next += 1;
        expect(tenPx(name.slice(0, next).trimEnd() + '…')).toBeGreaterThan(width);
      }
    }
  });

  test("a software's version is kept whole after the ellipsis, unless not one letter of the name fits beside it", () => {
    expect(fitLabel('Visio', 110, tenPx, '2024')).toBe('Visio 2024');
    expect(fitLabel('Visio Professional', 110, tenPx, '2024')).toBe('Visio… 2024');
    expect(fitLabel('Visio Professional', 70, tenPx, '2024')).toBe('V… 2024');
    expect(fitLabel('Visio Professional', 60, tenPx, '2024')).toBe('Visio…');
  });

  test("the names' column takes two fifths of the chart, from 96 to 240 px, so the bars keep room", () => {
    expect(nameAxisWidth(undefined)).toBe(NAME_AXIS_WIDTH);
    expect(nameAxisWidth(470)).toBe(188);
    expect(nameAxisWidth(200)).toBe(96);
    expect(nameAxisWidth(1200)).toBe(240);
  });

  test('a cut never splits a letter from its accent', () => {
    // "é" written as e + a combining acute accent: two UTF-16 units, one character.
    expect(fitLabel('Re\u0301seau Pro', 30, tenPx)).toBe('R…');
  });

  const longNames = [
    'Microsoft Visio Professional 2024 Volume Licensing',
    'Adobe Acrobat Pro DC Enterprise Term Subscription',
    'Autodesk AutoCAD Architecture Toolset Network',
    'Visual Studio Enterprise Subscription with GitHub',
    'Office',
  ];
  const rowsNamed = (names: string[], version: string | null = null) =>
    names.map((name, i) =>
      complianceRow(name, { software: { documentId: `sw-${i}`, name, version }, byModel: seats(10 + i, 20 + i), shortfall: 10, status: 'non_compliant' }),
    );
  /** The software labels drawn on the chart: each one's text and its title (the whole name, on hover). */
  const drawnLabels = () =>
    [...screen.getByTestId('gap-chart').querySelectorAll('[data-testid=chart-label]')].map((g) => ({
      text: g.querySelector('text')!.textContent!,
      title: g.querySelector('title')?.textContent,
      y: Number(g.querySelector('text')!.getAttribute('y')),
    }));

  test('five long names: one label a row, each cut to the names column with the whole name as its title', () => {
    mockChartSize.height = 360;
    renderWithProviders(<GapChart rows={rowsNamed(longNames)} />);
    const labels = drawnLabels();
    expect(labels.map((l) => l.title)).toEqual(longNames);
    const fits = estimateWidth(12);
    for (const { text, title } of labels) {
      expect(fits(text)).toBeLessThanOrEqual(NAME_AXIS_WIDTH - 8);
      if (text !== title) expect(text.endsWith('…') && title!.startsWith(text.slice(0, -1))).toBe(true);
    }
    expect(labels.filter((l) => l.text.endsWith('…'))).toHaveLength(4);
    expect(labels.find((l) => l.title === 'Office')!.text).toBe('Office');
    // One under the other, a row apart (not side by side under the bars).
    const gaps = labels.slice(1).map((l, i) => l.y - labels[i].y);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(24);
    // The screen readers' table keeps the whole names.
    expect(
      alternativeRows('gap-chart')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(longNames);
  });

  test('twenty software: the chart grows so that each still has its row', () => {
    const names = Array.from({ length: 20 }, (_, i) => `${longNames[i % 4]} ${i + 1}`);
    mockChartSize.height = parseInt(gapChartHeight(names.length), 10);
    renderWithProviders(<GapChart rows={rowsNamed(names)} />);
    const labels = drawnLabels();
    expect(labels.map((l) => l.title)).toEqual(names);
    const gaps = labels.slice(1).map((l, i) => l.y - labels[i].y);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(24);
  });

  test('two versions of a long name keep their versions, and two software of the same name keep their rows', () => {
    mockChartSize.height = 360;
    const name = 'Microsoft Visio Professional Volume Licensing';
    const rows = [...rowsNamed([name], '2021'), ...rowsNamed([name], '2024').map((r) => ({ ...r, software: { ...r.software, documentId: 'other' } }))];
    renderWithProviders(
      <GapChart rows={[...rows, complianceRow('Visio'), { ...complianceRow('Visio'), software: { documentId: 'visio-2', name: 'Visio', version: null } }]} />,
    );
    const labels = drawnLabels();
    expect(labels.map((l) => l.title)).toEqual([`${name} 2021`, `${name} 2024`, 'Visio', 'Visio']);
    expect(labels[0].text).toMatch(/^Microsoft Visio.*… 2021$/);
    expect(labels[1].text).toMatch(/^Microsoft Visio.*… 2024$/);
  });
});

describe('TrendChart', () => {
  test('gives each day as a table row, and the period in the image name', () => {
    const point = (date: string, shortfall: number, nonCompliant: number) => ({ date, shortfall, nonCompliant, atRisk: 0, licensed: 50, used: 50 });
    renderWithProviders(<TrendChart days={90} points={[point('2026-09-01', 4, 2), point('2026-09-02', 1, 1)]} />);
    expect(screen.getByRole('heading', { name: 'Trend over 90 days' })).toBeTruthy();
    expect(alternativeRows('trend-chart')).toEqual([
      ['Date', 'Seats short', 'Software out of compliance'],
      ['Sep 1, 2026', '4', '2'],
      ['Sep 2, 2026', '1', '1'],
    ]);
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('from Sep 1, 2026 to Sep 2, 2026');
  });

  test('before the first snapshot, says the trend has not started', () => {
    renderWithProviders(<TrendChart days={90} points={[]} />);
    expect(screen.getByText(/No daily snapshot yet/)).toBeTruthy();
  });
});

/** The current URL's query, where Strapi's table keeps its sort. */
const Location = () => <output data-testid="location">{decodeURIComponent(useLocation().search)}</output>;

describe('ComplianceTable', () => {
  const render = (rows: Parameters<typeof ComplianceTable>[0]['rows'], filtered = false) =>
    renderWithProviders(
      <MemoryRouter initialEntries={['/plugins/license-manager/compliance']}>
        <ComplianceTable rows={rows} isLoading={false} filtered={filtered} />
        <Location />
      </MemoryRouter>,
    );

  test('a row per software: seats over both models, installed and unlicensed, shortfall, utilization, status, next expiration, true-up, annual recurring cost; the name links to its licenses', () => {
    render([
      complianceRow('Office', {
        software: { documentId: 'abc123', name: 'Office', version: '2021' },
        licenses: 3,
        byModel: {
          per_user: { licensed: 40, used: 43, position: -3, installed: null, reconciledPosition: null, referencePrice: null },
          per_computer: { licensed: 5, used: 2, position: 3, installed: null, reconciledPosition: null, referencePrice: null },
          per_core: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
          per_processor: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
          site: { licensed: 0, used: 0, position: 0, installed: null, reconciledPosition: null, referencePrice: null },
        },
        shortfall: 3,
        unused: 3,
        expiredInUse: 1,
        utilization: '1.0000',
        status: 'non_compliant',
        nextExpiration: '2027-01-31',
        installed: 44,
        installedUnlicensed: 2,
        costs: [
          { currency: 'EUR', trueUp: '369.00', unusedValue: '150.00', annualRecurring: '2400.00', committed: '4800.00' },
          { currency: 'USD', trueUp: '0.00', unusedValue: '0.00', annualRecurring: '1188.00', committed: '1188.00' },
        ],
      }),
    ]);
    expect([...document.querySelectorAll('th')].map((h) => h.textContent).slice(-2)).toEqual(['True-up cost', 'Annual recurring cost']);
    const row = screen.getByRole('row', { name: 'Office 2021' });
    const cells = within(row)
      .getAllByRole('gridcell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      'Office 20213 licenses',
      '45',
      '45',
      '442 not licensed',
      '31 on an expired license',
      '3',
      '100%',
      'Out of compliance',
      'Jan 31, 2027',
      '€369.00$0.00',
      '€2,400.00$1,188.00',
    ]);
    expect(
      within(row)
        .getAllByTestId('cost-annualRecurring')
        .map((e) => e.textContent),
    ).toEqual(['€2,400.00', '$1,188.00']);
    const link = within(row).getByRole('link', { name: 'The licenses of Office 2021' });
    expect(link.getAttribute('href')).toBe('/plugins/license-manager/licenses?software=abc123');
  });

  test('sorting by a column asks for the API sort field; the seat totals are not sortable', async () => {
    render([complianceRow('Office')]);
    const header = (label: string) => [...document.querySelectorAll('th')].find((h) => h.textContent === label)!;
    fireEvent.click(header('Shortfall'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?sort=shortfall:ASC'));
    fireEvent.click(header('Shortfall'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?sort=shortfall:DESC'));
    fireEvent.click(header('Utilization'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?sort=utilization:ASC'));
    fireEvent.click(header('Licensed'));
    expect(screen.getByTestId('location').textContent).toBe('?sort=utilization:ASC');
  });

  test('an empty report says whether filters hide the software', () => {
    render([], true);
    expect(screen.getByText('No software matches these filters.')).toBeTruthy();
  });
});
