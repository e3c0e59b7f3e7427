import OpenAI from 'openai';
import calls from './calls.cjs';

await calls.run(OpenAI);
