import { createServer, ToolError } from 'lambda-mcp';
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
    // Plain JSON Schema, written in place, types the handler's arguments ({ city: string;
    // units?: 'metric' | 'imperial' }) and its return. zod schemas work too (`npm i zod`,
    // `input: z.object({...})`) at the price of ~90 KB of bundle and a slower cold start.
    input: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1, description: 'City name, e.g. "Lisbon"' },
        units: {
          type: 'string',
          enum: ['metric', 'imperial'],
          default: 'metric',
          description: 'Temperature units',
        },
      },
      required: ['city'],
    },
    output: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        temperature: { type: 'number' },
        units: { type: 'string', enum: ['metric', 'imperial'] },
        conditions: { type: 'string' },
      },
      required: ['city', 'temperature', 'units', 'conditions'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  ({ city, units = 'metric' }) => {
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
