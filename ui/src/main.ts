// First, so the startup command is on its way while the rest is evaluated.
import { backend } from './backend/early';
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { mark } from './lib/startupMarks';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
mount(App, { target, props: { backend } });
mark('mounted');
