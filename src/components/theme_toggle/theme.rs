//! The colour theme: light, dark, or auto (follow the system). Stored as the `theme`
//! preference and applied as `data-theme` on `<html>`; `style/base.css` keys off that attribute.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// Reads the stored value; anything unknown (or nothing) is `Auto`.
    pub fn from_stored(value: Option<&str>) -> Self {
        match value.map(str::trim) {
            Some("light") => Self::Light,
            Some("dark") => Self::Dark,
            _ => Self::Auto,
        }
    }

    /// The `data-theme` value and the stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// The toggle's order: auto → light → dark → auto.
    pub fn next(self) -> Self {
        match self {
            Self::Auto => Self::Light,
            Self::Light => Self::Dark,
            Self::Dark => Self::Auto,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Auto => "Auto",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_cycle() {
        for t in [Theme::Auto, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_stored(Some(t.as_str())), t);
            assert_eq!(t.next().next().next(), t);
            assert_ne!(t.next(), t);
        }
        assert_eq!(Theme::from_stored(None), Theme::Auto);
        assert_eq!(Theme::from_stored(Some("<x>")), Theme::Auto);
    }
}
