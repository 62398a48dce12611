//! Waste fractions and containers. The catalogue is data the backend owns and may change;
//! `DEFAULT_FRACTIONS` is the starting set the demo seeds, with display colours in the
//! Swedish FTI/Avfall Sverige tradition.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FractionCategory {
    Residual,
    Food,
    Packaging,
    Paper,
    Garden,
    Hazardous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// Stable code, e.g. `rest`.
    pub code: &'static str,
    pub name_sv: &'static str,
    pub name_en: &'static str,
    pub category: FractionCategory,
    /// Display colour, `#rrggbb`.
    pub colour: &'static str,
    /// Icon name in the app's icon set.
    pub icon: &'static str,
}

pub const DEFAULT_FRACTIONS: &[Fraction] = &[
    Fraction {
        code: "rest",
        name_sv: "Restavfall",
        name_en: "Residual waste",
        category: FractionCategory::Residual,
        colour: "#5f6b6d",
        icon: "bin",
    },
    Fraction {
        code: "mat",
        name_sv: "Matavfall",
        name_en: "Food waste",
        category: FractionCategory::Food,
        colour: "#4f8a3a",
        icon: "apple",
    },
    Fraction {
        code: "plast",
        name_sv: "Plastförpackningar",
        name_en: "Plastic packaging",
        category: FractionCategory::Packaging,
        colour: "#e59a1e",
        icon: "bottle",
    },
    Fraction {
        code: "papper",
        name_sv: "Pappersförpackningar",
        name_en: "Paper packaging",
        category: FractionCategory::Packaging,
        colour: "#8a5a2b",
        icon: "box",
    },
    Fraction {
        code: "tidningar",
        name_sv: "Tidningar",
        name_en: "Newspapers",
        category: FractionCategory::Paper,
        colour: "#2d6fb4",
        icon: "newspaper",
    },
    Fraction {
        code: "glas",
        name_sv: "Glasförpackningar",
        name_en: "Glass packaging",
        category: FractionCategory::Packaging,
        colour: "#1f8f8a",
        icon: "jar",
    },
    Fraction {
        code: "metall",
        name_sv: "Metallförpackningar",
        name_en: "Metal packaging",
        category: FractionCategory::Packaging,
        colour: "#7b7f86",
        icon: "can",
    },
    Fraction {
        code: "tradgard",
        name_sv: "Trädgårdsavfall",
        name_en: "Garden waste",
        category: FractionCategory::Garden,
        colour: "#8f9a1f",
        icon: "leaf",
    },
    Fraction {
        code: "farligt",
        name_sv: "Farligt avfall",
        name_en: "Hazardous waste",
        category: FractionCategory::Hazardous,
        colour: "#c0392b",
        icon: "warning",
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerUnit {
    Litre,
    CubicMetre,
}

/// A container at a pickup address: "Kärl 190 l", "Container 8 m³".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// `Kärl`, `Säck`, `Container`, `Underjordsbehållare`, …
    pub kind: String,
    pub size: u32,
    pub unit: ContainerUnit,
}

impl Container {
    /// As Swedish customers read it, with the unit abbreviated: `Kärl 190 l`.
    pub fn label(&self) -> String {
        self.label_in(crate::Lang::Sv)
    }

    /// In the reader's language: `Kärl 190 l` / `Bin 190 l`. A kind without an English
    /// name keeps its Swedish one.
    pub fn label_in(&self, lang: crate::Lang) -> String {
        let unit = match self.unit {
            ContainerUnit::Litre => "l",
            ContainerUnit::CubicMetre => "m³",
        };
        let kind = match lang {
            crate::Lang::Sv => self.kind.as_str(),
            crate::Lang::En => container_kind_en(&self.kind).unwrap_or(&self.kind),
        };
        format!("{kind} {} {unit}", self.size)
    }
}

/// English names of the container kinds Swedish collectors use.
pub fn container_kind_en(kind_sv: &str) -> Option<&'static str> {
    Some(match kind_sv {
        "Kärl" => "Bin",
        "Säck" => "Sack",
        "Container" => "Container",
        "Underjordsbehållare" => "Underground container",
        "Djupbehållare" => "Semi-underground container",
        "Storsäck" => "Bulk bag",
        "Tank" => "Tank",
        "Fettavskiljare" => "Grease trap",
        "Komprimator" => "Compactor",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_codes_are_unique_and_colours_well_formed() {
        let codes: std::collections::HashSet<_> =
            DEFAULT_FRACTIONS.iter().map(|f| f.code).collect();
        assert_eq!(codes.len(), DEFAULT_FRACTIONS.len());
        assert!(DEFAULT_FRACTIONS
            .iter()
            .all(|f| f.colour.len() == 7 && f.colour.starts_with('#')));
        let c = Container {
            kind: "Kärl".into(),
            size: 190,
            unit: ContainerUnit::Litre,
        };
        assert_eq!(c.label(), "Kärl 190 l");
        assert_eq!(c.label_in(crate::Lang::En), "Bin 190 l");
        let odd = Container {
            kind: "Latrinkärl".into(),
            ..c.clone()
        };
        assert_eq!(odd.label_in(crate::Lang::En), "Latrinkärl 190 l");
    }
}
