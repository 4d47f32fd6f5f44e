import { useEffect, useRef, useState } from 'react';
import { Chart, type BarConfig } from './chartSetup';

const DARK = '(prefers-color-scheme: dark)';

/** The colour scheme, live: the charts read their colours from the tokens and redraw on a change. */
function useColourScheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(() => window.matchMedia(DARK).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK);
    const change = () => setDark(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return dark ? 'dark' : 'light';
}

interface BarChartProps {
  /** builds the chart from the data and the current tokens */
  config: () => BarConfig;
  /** the id of the sentence that says what the chart shows: the canvas's accessible name */
  labelledBy: string;
  /** redraw when this changes (the data, serialised) */
  dataKey: string;
}

/** A Chart.js bar chart on a canvas: an image named by its summary sentence, with a table beside it. */
export function BarChart({ config, labelledBy, dataKey }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColourScheme();
  const build = useRef(config);
  // the latest builder, for the effect below (it runs first: effects run in order)
  useEffect(() => {
    build.current = config;
  });
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, build.current());
    return () => chart.destroy();
  }, [dataKey, scheme]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-labelledby={labelledBy} />
    </div>
  );
}
