use super::*;

#[test]
fn embedded_default_is_valid() {
    let c = check_str(DEFAULT_TOML, DEFAULT_ORIGIN, None);
    let errors: Vec<String> = c.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let m = c.model.unwrap();
    assert_eq!(m.platforms.len(), 10);
    assert_eq!(m.groups.len(), 5);
    assert_eq!(m.roots.len(), 7);
    let survey = m.source_ix("survey").unwrap();
    assert_eq!(m.items_of_source(survey).count(), 31);
    assert_eq!(
        m.platform_by_label("拼多多跨境"),
        m.platforms.iter().position(|p| p.id == "temu")
    );
    assert_eq!(
        m.platform_by_label(" 京东（JD）"),
        m.platforms.iter().position(|p| p.id == "jd")
    );
}
