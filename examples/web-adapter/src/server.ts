import { createServer, ToolError } from 'lambda-mcp';
import * as z from 'zod';

/** A fixed data source standing in for a weather API. */
const FORECASTS = [
  { city: 'Lisbon', celsius: 21, conditions: 'sunny' },
  { city: 'Oslo', celsius: 4, conditions: 'light snow' },
  { city: 'Seattle', celsius: 11, conditions: 'rain' },
];

/** The weather server, served as a plain HTTP process behind AWS Lambda Web Adapter. */
export const server = createServer({
  name: 'example/web-adapter-weather',
  version: '1.0.0',
  title: 'Weather (Lambda Web Adapter)',
  description: 'Current weather for a handful of cities, served over HTTP behind Lambda Web Adapter.',
});

server.tool(
  'get_weather',
  {
    title: 'Get weather',
    description:
      'Current conditions for a city. Use when the user asks about weather, temperature or rain somewhere.',
    input: z.object({
      city: z.string().min(1).describe('City name, e.g. "Lisbon"'),
      units: z.enum(['metric', 'imperial']).default('metric').describe('Temperature units'),
    }),
    output: z.object({
      city: z.string(),
      temperature: z.number(),
      units: z.string(),
      conditions: z.string(),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  ({ city, units }) => {
    const forecast = FORECASTS.find((f) => f.city.toLowerCase() === city.trim().toLowerCase());
    if (!forecast) {
      const known = FORECASTS.map((f) => f.city).join(', ');
      throw new ToolError(`No weather data for "${city}". Known cities: ${known}.`, { code: 'NOT_FOUND' });
    }
    const temperature = units === 'imperial' ? Math.round((forecast.celsius * 9) / 5 + 32) : forecast.celsius;
    return { city: forecast.city, temperature, units, conditions: forecast.conditions };
  },
);
