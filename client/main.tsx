import { render } from 'preact';
import { App } from './app/app';
import './styles/app.css';

render(<App />, document.getElementById('app')!);
