import { render } from 'preact';
import { openEmbeddingLink } from './api/auth';
import { App } from './app';
import './styles.css';

const root = document.getElementById('app')!;
// An embedding link's code is traded (and removed from the address) before anything renders.
void openEmbeddingLink().then(() => render(<App />, root));
