import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

/**
 * Chart.js (MIT, chartjs.org) draws the dashboard's charts: it is bundled with the app (no CDN,
 * works offline), draws on a canvas and injects no stylesheet or inline script, so it runs under
 * the app's CSP (`style-src 'self'`, `script-src 'self'`). Only the parts the two bar charts use
 * are registered, so the bundler leaves the other controllers out.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };
export type BarConfig = ChartConfiguration<'bar', number[], string>;

/** A design token's value (`--ok`) as the page's colour scheme has it now. */
export function tokenColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#6b7280';
}

/** The axes' and legend's colours from the tokens, for either scheme. */
export function baseOptions(stacked: boolean): NonNullable<BarConfig['options']> {
  const text = tokenColour('--text-muted');
  const grid = tokenColour('--border');
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
    scales: {
      x: { stacked, ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
      y: { stacked, beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
    },
  };
}
