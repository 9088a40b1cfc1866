use std::fmt;

/// A sentence's stance toward one target. The order is that of the probability columns
/// (`p_favor`, `p_against`, `p_none`) and of every classifier's outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Favor,
    Against,
    None,
}

impl Label {
    pub const ALL: [Label; 3] = [Label::Favor, Label::Against, Label::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Favor => "favor",
            Label::Against => "against",
            Label::None => "none",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn parse(s: &str) -> Option<Label> {
        match s.trim().to_ascii_lowercase().as_str() {
            "favor" | "favour" => Some(Label::Favor),
            "against" => Some(Label::Against),
            "none" => Some(Label::None),
            _ => None,
        }
    }

    /// The most probable label of `[p_favor, p_against, p_none]` (ties: the earlier label).
    pub fn argmax(p: &[f32; 3]) -> (Label, f32) {
        let mut best = 0;
        for i in 1..3 {
            if p[i] > p[best] {
                best = i;
            }
        }
        (Label::ALL[best], p[best])
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
