//! Usage: pavex-config-loader <workspace dir> [profile]
//!
//! Loads `.env` from the workspace (as the server's `dotenvy::dotenv()` does),
//! then `configuration/base.yml`, `configuration/<profile>.yml` and `PX_*`
//! variables through Pavex's own `ConfigLoader`. Asserts that the session cookie
//! has a crypto rule whose key is the one in `EXPECTED_COOKIE_KEY`, and prints
//! what was loaded as JSON.
use pavex::config::{ConfigLoader, ConfigProfile};
use pavex::cookie::{Key, Processor, ProcessorConfig};
use pavex_session::SessionConfig;

#[derive(ConfigProfile, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    Dev,
    Prod,
}

#[derive(serde::Deserialize, Debug, Clone)]
struct Url {
    url: String,
}

#[derive(serde::Deserialize, Debug)]
struct Config {
    #[serde(default)]
    session: SessionConfig,
    #[serde(default)]
    cookies: ProcessorConfig,
    database: Option<Url>,
    redis: Option<Url>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: pavex-config-loader <workspace dir> [dev|prod]");
    let profile = match args.next().as_deref() {
        Some("prod") => Profile::Prod,
        _ => Profile::Dev,
    };
    std::env::set_current_dir(&dir).expect("workspace dir");
    dotenvy::dotenv().expect("a .env file in the workspace");

    let config: Config = match ConfigLoader::<Profile>::new().profile(profile).load() {
        Ok(config) => config,
        Err(e) => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("configuration did not load: {message}");
            std::process::exit(2);
        }
    };

    let cookie_name = config.session.cookie.name.clone();
    let rule = config
        .cookies
        .crypto_rules
        .iter()
        .find(|rule| rule.cookie_names.contains(&cookie_name))
        .unwrap_or_else(|| panic!("no crypto rule covers the session cookie `{cookie_name}`"));
    let expected = std::env::var("EXPECTED_COOKIE_KEY").expect("EXPECTED_COOKIE_KEY");
    let expected = Key::try_from(expected.as_bytes()).expect("the expected key is at least 32 bytes");
    assert!(rule.key == expected, "the session cookie's crypto key is not the one from the environment");

    let processor: Processor = config.cookies.clone().into();
    let encrypted = processor.will_encrypt(&cookie_name);
    let signed = processor.will_sign(&cookie_name);
    assert!(encrypted || signed, "the processor neither signs nor encrypts `{cookie_name}`");

    let summary = serde_json::json!({
        "cookie_name": cookie_name,
        "ttl_seconds": config.session.state.ttl.as_secs(),
        "rules": config.cookies.crypto_rules.len(),
        "encrypted": encrypted,
        "signed": signed,
        "percent_encode": config.cookies.percent_encode,
        "database_url": config.database.map(|d| d.url),
        "redis_url": config.redis.map(|r| r.url),
    });
    println!("{summary}");
}
