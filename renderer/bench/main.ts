// `npm run bench:ui` opens this page: the real ForkTimeline and scrubber on a synthetic run
// (?steps=10000&extents=100000), timing the first render and the scrub latency. Not a test.
import { createPinia } from 'pinia';
import { createApp, h, markRaw, nextTick, ref } from 'vue';
import ForkTimeline from '../components/ForkTimeline.vue';
import StepScrubber from '../components/StepScrubber.vue';
import { i18n } from '../i18n';
import { useRunStore } from '../stores/run';
import { useTimelineStore } from '../stores/timeline';
import { ForkIndex } from '../timeline/fork-index';
import { syntheticRun } from './synthetic';
import '../style.css';

const params = new URLSearchParams(location.search);
const STEPS = Number(params.get('steps') ?? 10000);
const EXTENTS = Number(params.get('extents') ?? 100000);

const timeline = ref<InstanceType<typeof ForkTimeline> | null>(null);
const pinia = createPinia();
const app = createApp({
  render: () => h('div', { style: 'width: 1400px; padding: 8px' }, [h(ForkTimeline, { ref: timeline }), h(StepScrubber)]),
});
app.use(pinia).use(i18n).mount('#app');

const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
const pct = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const round = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const run = useRunStore(pinia);
  const tl = useTimelineStore(pinia);
  let t = performance.now();
  const view = syntheticRun(STEPS, EXTENTS);
  const genMs = performance.now() - t;

  t = performance.now();
  const index = new ForkIndex(view.files);
  const indexMs = performance.now() - t;

  // First render: the store update, then the frame that draws it.
  t = performance.now();
  run.view = markRaw(view);
  run.index = markRaw(index);
  await nextTick();
  await frame();
  await frame();
  const firstRenderMs = performance.now() - t;

  const draw = async (): Promise<number> => {
    const s = performance.now();
    await nextTick();
    timeline.value!.draw();
    return performance.now() - s;
  };

  // Random jumps: the worst case for replay (keyframe + deltas), then layout and canvas.
  const random: number[] = [];
  for (let i = 0; i < 200; i++) {
    tl.setStep(Math.floor(Math.random() * STEPS));
    random.push(await draw());
  }
  // Sequential scrub: the slider dragged step by step.
  const sequential: number[] = [];
  tl.setStep(Math.floor(STEPS / 2));
  await draw();
  for (let i = 0; i < 300; i++) {
    tl.forward();
    sequential.push(await draw());
  }
  // End to end through the browser's frame: input → next painted frame.
  const frames: number[] = [];
  for (let i = 0; i < 60; i++) {
    const s = performance.now();
    tl.setStep(Math.floor(Math.random() * STEPS));
    await frame();
    await frame();
    frames.push(performance.now() - s);
  }
  // Zoomed in on 1/100 of the file: far fewer extents per pixel.
  tl.setZoom(0, tl.range.end / 100);
  const zoomed: number[] = [];
  for (let i = 0; i < 100; i++) {
    tl.setStep(Math.floor(Math.random() * STEPS));
    zoomed.push(await draw());
  }

  const result = {
    steps: STEPS, extents: EXTENTS, deltasPerStep: 8,
    generateMs: round(genMs), indexBuildMs: round(indexMs), firstRenderMs: round(firstRenderMs),
    randomJumpMs: { p50: round(pct(random, 50)), p95: round(pct(random, 95)), max: round(Math.max(...random)) },
    sequentialStepMs: { p50: round(pct(sequential, 50)), p95: round(pct(sequential, 95)), max: round(Math.max(...sequential)) },
    inputToFrameMs: { p50: round(pct(frames, 50)), p95: round(pct(frames, 95)) },
    zoomedJumpMs: { p50: round(pct(zoomed, 50)), p95: round(pct(zoomed, 95)) },
  };
  const out = document.createElement('pre');
  out.dataset['testid'] = 'bench-result';
  out.textContent = JSON.stringify(result);
  document.body.append(out);
}

void main();
