import { LESSONS } from '../lessons/catalog.ts';
import { HomeHero } from './HomeHero.tsx';
import './home.css';

export function Home() {
  return (
    <article className="page home">
      <div className="home-intro">
        <h1>See why normalization works — and where it breaks</h1>
        <p className="lede">
          NormLab trains real neural networks in your browser, with and without BatchNorm, LayerNorm,
          GroupNorm, InstanceNorm and RMSNorm, and shows you what happens inside while they learn: loss
          curves, activation distributions, running statistics, and the bugs that bite in production.
        </p>
        <p className="actions">
          <a className="button primary" href="#/lessons">
            Start the course ({LESSONS.length} lessons)
          </a>
          <a className="button" href="#/lab">
            Open the Lab
          </a>
        </p>
      </div>
      <HomeHero />
    </article>
  );
}
