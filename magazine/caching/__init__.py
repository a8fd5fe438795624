"""Caching of the public site: each guarantee → its mechanism → the test that shows it.

- A hit costs no query → pages in each process's memory, under the generation it re-reads at
  most four times a second (`pagecache`, `generation`) → test_page_cache.py
  `test_second_request_is_a_hit_without_any_query`, test_redis_cache.py.
- A change readers see is served at once → a new generation once the change is committed
  (`generation.invalidate`; each app declares its `reader_visible_models`) → test_page_cache.py
  `test_a_publication_is_served_right_away`, `…_correction_…`, `…_renamed_theme_…`,
  `…_site_settings_…`.
- Every process follows within a quarter of a second → GENERATION_CHECK_SECONDS →
  test_page_cache.py `test_other_processes_follow_within_a_quarter_of_a_second`.
- A publication is visible through nginx within a second → `s-maxage=1`, `X-Accel-Expires` →
  test_nginx.py `test_a_publication_is_visible_through_nginx_within_a_second`.
- Browsers get 304s → ETag from the content, Last-Modified the generation →
  test_http_caching.py `test_if_none_match_answers_304`, `…_if_modified_since_…`.
- Nothing is shared across code versions → keys carry `generation.code_version()`, so do
  compiled articles → compiling/tests/test_serving.py `test_a_record_of_another_revision_…`.
- Private pages are never stored → only anonymous GETs of public 200s with no cookie set and no
  private Cache-Control → test_page_cache.py `test_logged_in_editors_neither_get_nor_leave_…`,
  compiling/tests/test_serving.py `test_a_private_article_is_not_served_from_its_record`.
- Readers cannot multiply copies → `stored_host`, QUERY_PARAMETERS, a "pages" cache culled apart
  from the generation → test_cache_flooding.py.

Rendering is cheap without a cache: articles are compiled when they are published
(`magazine.compiling`). Besides whole pages, each process remembers per generation what many
requests work out the same (`generation.remembered`): the route to each page, the site and its
settings (`magazine.core.routing`), the restricted paths, the header and the footer
(`{% kept %}`), the URLs of standard pages, the search filters.
"""
