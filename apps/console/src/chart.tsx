import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  ArcElement,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Legend,
  Tooltip,
);

// A canvas draws with the fonts it is told: the page's own (the bundled Japanese one included).
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;

/** A chart.js chart on a canvas, redrawn when its configuration changes. */
export function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return undefined;
    const chart = new Chart(target, {
      ...config,
      options: { ...config.options, animation: false },
    });
    // Japanese labels need the bundled font, which may still be loading: draw again once it is.
    let live = true;
    void document.fonts
      .load('12px "Daicho Noto Sans JP"', '閲覧')
      .then(() => live && chart.update());
    return () => {
      live = false;
      chart.destroy();
    };
  }, [config]);
  return <canvas ref={canvas} role="img" aria-label={label} />;
}
