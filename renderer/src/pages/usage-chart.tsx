// Tokens per day as stacked bars, one colour per provider, drawn by recharts as SVG.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import { compactTokens, type DayPoint } from './usage-data.js'

// Distinguishable on light and dark themes alike.
const COLORS = ['#4f7cff', '#f08c2e', '#2fb37a', '#c44fd1', '#d9534f', '#8a9bb0']

export function UsageChart({
  points,
  providers,
  width = 720,
  height = 260,
}: {
  points: DayPoint[]
  providers: string[]
  width?: number
  height?: number
}) {
  return (
    <figure className="usage-chart" aria-label="Tokens per day by provider">
      <BarChart width={width} height={height} data={points} accessibilityLayer>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
        <YAxis tickFormatter={(n: number) => compactTokens(n)} fontSize={12} width={48} />
        <Tooltip formatter={(n) => compactTokens(Number(n))} />
        <Legend />
        {providers.map((p, i) => (
          <Bar
            key={p}
            dataKey={p}
            name={p}
            stackId="tokens"
            fill={COLORS[i % COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </figure>
  )
}
