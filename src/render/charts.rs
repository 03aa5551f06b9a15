//! SVG charts drawn at build time: horizontal bars, one row per year or per level.
//!
//! The charts need no JavaScript and no external file. Each is `role="img"` with a
//! `<title>` and a `<desc>` (named by `aria-labelledby`), and the page puts a table with
//! the same numbers beside it. Nothing is told by colour: every bar carries its value as
//! text, and bars that count as "not achieved" are hatched as well as lighter. The
//! drawing scales with its `viewBox` to the width of a 320 px phone and prints in black
//! and white.

use std::fmt::Write;

/// One row of a bar chart.
pub struct Bar {
    /// Left of the bar: `2023年度`, `5 ✓`.
    pub label: String,
    /// 0..=`max`; none draws no bar (the text says why, e.g. 未評価).
    pub value: Option<f64>,
    /// Right of the bar: the value as people read it (`78`, `67%（4/6）`).
    pub text: String,
    /// Hatched instead of solid (not achieved).
    pub hatched: bool,
}

pub struct BarChart<'a> {
    /// Unique on the page: prefixes the ids of the title, description and pattern.
    pub id: &'a str,
    pub title: &'a str,
    /// Read by screen readers with the title: what is drawn and where the table is.
    pub description: &'a str,
    pub max: f64,
    /// Grid lines with their labels under the axis, e.g. `(50.0, "50")`.
    pub ticks: &'a [(f64, String)],
    pub bars: &'a [Bar],
}

const WIDTH: f64 = 380.0;
const LABEL_RIGHT: f64 = 78.0;
const BAR_X: f64 = 84.0;
const BAR_W: f64 = 190.0;
const ROW: f64 = 30.0;
const BAR_H: f64 = 18.0;
const TOP: f64 = 6.0;
const AXIS: f64 = 24.0;
const INK: &str = "#1a1a1a";
const BAR: &str = "#1a4d8f";
const GRID: &str = "#8a8a8a";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One decimal at most, and no `-0`: output must be byte-identical between builds.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".into()
    } else if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A horizontal bar chart as an inline `<svg>` element.
pub fn bar_chart(c: &BarChart) -> String {
    let height = TOP + ROW * c.bars.len() as f64 + AXIS;
    let id = escape(c.id);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart__svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {w} {h}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" \
         xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>\
         <defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{BAR}\" stroke-width=\"2.5\"/></pattern></defs>",
        w = n(WIDTH),
        h = n(height),
        title = escape(c.title),
        desc = escape(c.description),
    );
    let scale = |v: f64| {
        if c.max > 0.0 {
            (v.clamp(0.0, c.max) / c.max) * BAR_W
        } else {
            0.0
        }
    };
    let bottom = TOP + ROW * c.bars.len() as f64;
    for (v, label) in c.ticks {
        let x = BAR_X + scale(*v);
        let _ = write!(
            s,
            "<line x1=\"{x}\" y1=\"{TOP}\" x2=\"{x}\" y2=\"{b}\" stroke=\"{GRID}\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\
             <text x=\"{x}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{INK}\">{label}</text>",
            x = n(x),
            b = n(bottom),
            ty = n(bottom + 16.0),
            label = escape(label),
        );
    }
    for (i, bar) in c.bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let mid = y + ROW / 2.0 + 5.0;
        let _ = write!(
            s,
            "<text x=\"{LABEL_RIGHT}\" y=\"{mid}\" font-size=\"14\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            escape(&bar.label),
            mid = n(mid),
        );
        let mut text_x = BAR_X + 6.0;
        if let Some(v) = bar.value {
            let w = scale(v);
            if w > 0.0 {
                let fill = if bar.hatched {
                    format!("url(#{id}-hatch)")
                } else {
                    BAR.to_string()
                };
                let _ = write!(
                    s,
                    "<rect x=\"{BAR_X}\" y=\"{by}\" width=\"{w}\" height=\"{BAR_H}\" fill=\"{fill}\" stroke=\"{BAR}\" stroke-width=\"1\"/>",
                    by = n(y + (ROW - BAR_H) / 2.0),
                    w = n(w),
                );
                text_x = BAR_X + w + 6.0;
            }
        }
        let _ = write!(
            s,
            "<text x=\"{tx}\" y=\"{mid}\" font-size=\"14\" fill=\"{INK}\" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>",
            escape(&bar.text),
            tx = n(text_x),
            mid = n(mid),
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{BAR_X}\" y1=\"{TOP}\" x2=\"{BAR_X}\" y2=\"{b}\" stroke=\"{INK}\" stroke-width=\"1\"/></svg>",
        b = n(bottom),
    );
    s
}

/// Ticks at 0, 25, 50, 75 and 100 for a 0..100 axis.
pub fn percent_ticks() -> Vec<(f64, String)> {
    [0.0, 25.0, 50.0, 75.0, 100.0]
        .iter()
        .map(|v| (*v, n(*v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: &[Bar]) -> String {
        bar_chart(&BarChart {
            id: "score",
            title: "年度ごとのスコア <総務部>",
            description: "同じ数値を下の表に示します",
            max: 100.0,
            ticks: &percent_ticks(),
            bars,
        })
    }

    #[test]
    fn accessible_and_escaped() {
        let svg = chart(&[Bar {
            label: "2023年度".into(),
            value: Some(78.0),
            text: "78（5/6達成）".into(),
            hatched: false,
        }]);
        assert!(svg.starts_with("<svg class=\"chart__svg\" role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"score-title score-desc\""));
        assert!(svg.contains("<title id=\"score-title\">年度ごとのスコア &lt;総務部&gt;</title>"));
        assert!(svg.contains("viewBox=\"0 0 380 60\""), "{svg}");
        assert!(svg.contains("width=\"100%\""));
        // The value is written beside the bar.
        assert!(svg.contains(">78（5/6達成）</text>"));
        // 78 of 100 over 190 units.
        assert!(svg.contains("width=\"148.2\""), "{svg}");
    }

    #[test]
    fn missing_values_and_hatching() {
        let svg = chart(&[
            Bar {
                label: "2021年度".into(),
                value: Some(35.0),
                text: "35".into(),
                hatched: true,
            },
            Bar {
                label: "2022年度".into(),
                value: None,
                text: "未評価".into(),
                hatched: false,
            },
        ]);
        assert!(svg.contains("fill=\"url(#score-hatch)\""));
        assert!(svg.contains("<pattern id=\"score-hatch\""));
        assert_eq!(svg.matches("<rect x=").count(), 1, "no bar without a value");
        assert!(svg.contains(">未評価</text>"));
    }

    #[test]
    fn numbers_are_stable() {
        assert_eq!(n(-0.0), "0");
        assert_eq!(n(0.04), "0");
        assert_eq!(n(12.25), "12.3");
        assert_eq!(n(190.0), "190");
    }
}
