/**
 * The Compliance page's trend for a role whose read permission has conditions: the server refuses the
 * trend (403, it counts every organization), and the page says so where the chart would be instead
 * of leaving a gap. `@strapi/strapi/admin` is support/strapi-admin.tsx.
 */
import './support/jsdom';
import * as React from 'react';
import { act, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { CompliancePage } from '../../admin/src/pages/CompliancePage';
import { TrendChart } from '../../admin/src/components/compliance/TrendChart';
import { complianceRow, page } from './support/fixtures';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: React.ReactElement }) => jest.requireActual('react').cloneElement(children, { width: 480, height: 360 }),
  };
});

const RESTRICTED = 'The trend is not available to a role whose permissions have conditions.';

/** The report's answers; the trend's is `trend` (its points, or the error thrown). */
const serve = (trend: unknown[] | Error) => {
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url === '/license-manager/compliance') {
      const list = page([complianceRow('Office')]).data;
      return { data: { ...list, meta: { ...list.meta, totals: { software: 1, nonCompliant: 0, atRisk: 0, costs: [] } } } };
    }
    if (url === '/license-manager/compliance/trend') {
      if (trend instanceof Error) throw trend;
      return { data: { data: trend, meta: { days: 90, software: null } } };
    }
    if (url === '/license-manager/settings')
      return { data: { data: { expiringWithinDays: 30, defaultCurrency: 'EUR', defaultVatRate: null, staleAfterDays: 30 } } };
    if (url === '/license-manager/licenses') return page([]);
    throw new Error(`unexpected GET ${url}`);
  });
};

const renderPage = async () => {
  renderWithProviders(
    <MemoryRouter initialEntries={['/plugins/license-manager/compliance']}>
      <CompliancePage />
    </MemoryRouter>,
  );
  await screen.findAllByTestId('compliance-row');
  await act(async () => undefined);
};

beforeEach(() => resetStrapiAdmin());

test('a 403 on the trend: its frame says the trend is not available to a role with conditions, and nothing is drawn', async () => {
  serve(serverError(403, 'Policy Failed'));
  await renderPage();
  const frame = await screen.findByTestId('trend-chart');
  expect(within(frame).getByRole('heading', { name: 'Trend over 90 days' })).toBeTruthy();
  expect(within(frame).getByText(RESTRICTED)).toBeTruthy();
  expect(within(frame).queryByRole('img')).toBeNull();
  expect(toggleNotification).not.toHaveBeenCalled();
});

test("in French (the chart alone: the page's table has no French messages here)", () => {
  renderWithProviders(<TrendChart points={[]} days={90} restricted />, { locale: 'fr' });
  expect(within(screen.getByTestId('trend-chart')).getByText(/^L'évolution n'est pas disponible pour un rôle/)).toBeTruthy();
});

test('a trend that answers is drawn, without the note', async () => {
  serve([{ date: '2026-09-01', shortfall: 4, nonCompliant: 2, atRisk: 0, licensed: 50, used: 54 }]);
  await renderPage();
  const frame = await screen.findByTestId('trend-chart');
  expect(within(frame).getByRole('img')).toBeTruthy();
  expect(screen.queryByText(RESTRICTED)).toBeNull();
});

test('another error on the trend leaves its place empty, as before', async () => {
  serve(serverError(500, 'Internal Server Error'));
  await renderPage();
  expect(screen.queryByTestId('trend-chart')).toBeNull();
  expect(screen.queryByText(RESTRICTED)).toBeNull();
});
