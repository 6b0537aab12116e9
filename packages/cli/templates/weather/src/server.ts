import { createServer, ToolError } from 'lambda-mcp';
import * as z from 'zod';
import { forecastFor, KNOWN_CITIES } from './forecasts.ts';

/** The MCP server: one definition, served by src/handler.ts on Lambda and by `npm run dev` locally. */
export const server = createServer({
  name: 'example/weather',
  version: '1.0.0',
  title: 'Weather',
  description: 'Current weather for a handful of cities.',
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
    const forecast = forecastFor(city);
    if (!forecast) {
      // A tool error is written for the assistant: say what went wrong and what to try instead.
      throw new ToolError(`No weather data for "${city}". Known cities: ${KNOWN_CITIES.join(', ')}.`, {
        code: 'NOT_FOUND',
      });
    }
    const temperature = units === 'imperial' ? Math.round((forecast.celsius * 9) / 5 + 32) : forecast.celsius;
    return { city: forecast.city, temperature, units, conditions: forecast.conditions };
  },
);
